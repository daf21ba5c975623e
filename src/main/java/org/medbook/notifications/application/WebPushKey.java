package org.medbook.notifications.application;

import java.util.Optional;

/** The VAPID public key browsers subscribe with ({@code applicationServerKey}); empty when Web Push is off. */
public interface WebPushKey {

    /** base64url of the uncompressed P-256 point. */
    Optional<String> publicKey();
}
