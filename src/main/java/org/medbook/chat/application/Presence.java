package org.medbook.chat.application;

import java.util.UUID;

/** Whether a user has a real-time socket open on any node right now. */
public interface Presence {

    boolean online(UUID userId);
}
