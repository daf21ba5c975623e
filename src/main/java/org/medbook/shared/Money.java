package org.medbook.shared;

import java.util.Currency;
import java.util.Objects;

/** An amount in minor units (cents) of an ISO-4217 currency. Never a floating point number. */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw MedbookException.badInput("invalid-money", "An amount cannot be negative");
        }
        try {
            if (!Currency.getInstance(currency).getCurrencyCode().equals(currency)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw MedbookException.badInput("invalid-money", "'" + currency + "' is not an ISO-4217 currency code");
        }
    }
}
