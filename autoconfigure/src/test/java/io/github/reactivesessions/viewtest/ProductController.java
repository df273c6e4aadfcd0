package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.view.OffsetPage;
import io.github.reactivesessions.view.OffsetPaginationMixin;
import io.github.reactivesessions.view.SaModelView;
import io.github.reactivesessions.view.UnitAddMixin;
import io.github.reactivesessions.view.UnitDeleteMixin;
import io.github.reactivesessions.view.UnitEditMixin;
import io.github.reactivesessions.view.UnitViewMixin;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The same mixins from an annotated controller, on objects built per request from the
 * exchange.
 */
@RestController
@RequestMapping("/ctl/products")
class ProductController {

	@GetMapping
	Mono<OffsetPage<Product>> list(ServerWebExchange exchange) {
		return new ProductPages(exchange).selectPage();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Product> add(ServerWebExchange exchange) {
		return new ProductResource(exchange).addItem();
	}

	@GetMapping("/{pk}")
	Mono<Product> get(ServerWebExchange exchange) {
		return new ProductResource(exchange).selectItem();
	}

	@PutMapping("/{pk}")
	Mono<Product> put(ServerWebExchange exchange) {
		return new ProductResource(exchange).editItem();
	}

	@DeleteMapping("/{pk}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(ServerWebExchange exchange) {
		return new ProductResource(exchange).deleteItem();
	}

	static final class ProductResource extends SaModelView<Product> implements UnitViewMixin<Product>,
			UnitAddMixin<Product>, UnitEditMixin<Product>, UnitDeleteMixin<Product> {

		ProductResource(ServerWebExchange exchange) {
			super(exchange, Product.class);
		}

	}

	static final class ProductPages extends SaModelView<Product> implements OffsetPaginationMixin<Product> {

		ProductPages(ServerWebExchange exchange) {
			super(exchange, Product.class);
		}

	}

}
