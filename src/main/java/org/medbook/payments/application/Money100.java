package org.medbook.payments.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import org.medbook.shared.Money;

/** PayPal speaks decimal strings ("60.00", "6000" for JPY); we speak minor units. */
public final class Money100 {

    private Money100() {
    }

    public static String decimal(Money money) {
        int digits = Math.max(0, Currency.getInstance(money.currency()).getDefaultFractionDigits());
        return BigDecimal.valueOf(money.amountMinor(), digits).setScale(digits, RoundingMode.UNNECESSARY).toPlainString();
    }

    public static long minor(String decimal, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return new BigDecimal(decimal).movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
