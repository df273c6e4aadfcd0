package io.github.reactivesessions.viewtest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Entity the views serve, its table created by {@code Binds.initDb}.
 */
@Table("product")
public class Product {

	@Id
	private @Nullable Long id;

	private @Nullable String name;

	private int price;

	public Product() {
	}

	public Product(String name, int price) {
		this.name = name;
		this.price = price;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public int getPrice() {
		return this.price;
	}

	public void setPrice(int price) {
		this.price = price;
	}

	@Override
	public String toString() {
		return "Product[" + this.id + ", " + this.name + ", " + this.price + "]";
	}

}
