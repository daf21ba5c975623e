/**
 * Chat between a patient and their doctor: conversations, messages with a gap-free per-conversation
 * sequence, read and delivery receipts, unread counts, encrypted attachments, real-time delivery
 * over STOMP and an offline digest announced through {@link org.medbook.chat.ChatEvents}.
 */
@ApplicationModule(displayName = "Chat", allowedDependencies = {"shared :: *", "audit", "identity", "booking"})
package org.medbook.chat;

import org.springframework.modulith.ApplicationModule;
