package org.medbook.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a collection; every collection endpoint answers in this shape. */
public record PageView<T>(List<T> items, int page, int size, long totalItems) {

    public PageView {
        items = List.copyOf(items);
    }

    public <R> PageView<R> map(Function<? super T, ? extends R> mapper) {
        return new PageView<>(items.stream().<R>map(mapper).toList(), page, size, totalItems);
    }
}
