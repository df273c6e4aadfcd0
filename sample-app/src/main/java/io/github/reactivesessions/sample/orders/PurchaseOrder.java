package io.github.reactivesessions.sample.orders;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order, written through the commit-on-success bind.
 */
@Table("purchase_order")
public class PurchaseOrder {

	@Id
	private @Nullable Long id;

	private String item = "";

	private int quantity;

	public PurchaseOrder() {
	}

	public PurchaseOrder(String item, int quantity) {
		this.item = item;
		this.quantity = quantity;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public String getItem() {
		return this.item;
	}

	public void setItem(String item) {
		this.item = item;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public void setQuantity(int quantity) {
		this.quantity = quantity;
	}

}
