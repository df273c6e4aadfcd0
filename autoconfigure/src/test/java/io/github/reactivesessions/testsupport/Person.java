package io.github.reactivesessions.testsupport;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Test entity with a generated id.
 */
@Table("person")
public class Person {

	@Id
	private @Nullable Long id;

	private String name;

	private int age;

	public Person() {
		this("", 0);
	}

	public Person(String name, int age) {
		this.name = name;
		this.age = age;
	}

	public static String ddl(TestDatabase database) {
		return "CREATE TABLE person (id " + database.identityColumn()
				+ ", name VARCHAR(100) NOT NULL UNIQUE, age INT NOT NULL)";
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public int getAge() {
		return this.age;
	}

	public void setAge(int age) {
		this.age = age;
	}

	@Override
	public String toString() {
		return "Person[" + this.id + ", " + this.name + ", " + this.age + "]";
	}

}
