package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;

/**
 * Reads a view's request body as its model or a list of it; a body that is missing, is not
 * JSON or does not map to the model is a 400, one in a content type no decoder reads a 415.
 */
final class Bodies {

	private Bodies() {
	}

	static <T> Mono<T> one(SaModelMixin<T> view) {
		Class<T> model = view.model();
		String expected = model.getSimpleName();
		// Deferred: reading the Content-Type throws at once when it is not a media type.
		return Mono.defer(() -> view.request().bodyToMono(model))
			.onErrorMap(ViewErrors::isBodyError, (ex) -> ViewErrors.bodyError(ex, expected))
			.switchIfEmpty(Mono.error(() -> ViewException
				.badBody("The request body is empty: send %s as JSON".formatted(expected))))
			.doOnNext(view::validate);
	}

	static <T> Mono<List<T>> list(SaModelMixin<T> view) {
		Class<T> model = view.model();
		String expected = "a list of " + model.getSimpleName();
		ParameterizedTypeReference<List<T>> type = ParameterizedTypeReference
			.forType(ResolvableType.forClassWithGenerics(List.class, model).getType());
		return Mono.defer(() -> view.request().bodyToMono(type))
			.onErrorMap(ViewErrors::isBodyError, (ex) -> ViewErrors.bodyError(ex, expected))
			.switchIfEmpty(Mono.error(() -> ViewException
				.badBody("The request body is empty: send %s as a JSON array".formatted(expected))))
			.doOnNext((items) -> {
				for (int i = 0; i < items.size(); i++) {
					T item = items.get(i);
					if (item == null) {
						throw ViewException.badBody("Item %d of the request body is null".formatted(i));
					}
					view.validate(item);
				}
			});
	}

}
