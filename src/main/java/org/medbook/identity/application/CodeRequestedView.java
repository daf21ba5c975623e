package org.medbook.identity.application;

public record CodeRequestedView(long expiresInSeconds, long resendAfterSeconds) {
}
