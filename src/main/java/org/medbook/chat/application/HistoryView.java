package org.medbook.chat.application;

import java.util.List;

/** A page of a conversation's messages in seq order; {@code hasMore} when the range holds more than the page. */
public record HistoryView(List<MessageView> items, boolean hasMore) {

    public HistoryView {
        items = List.copyOf(items);
    }
}
