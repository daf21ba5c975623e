-- Money asked back from a payment and not yet confirmed by the provider. A refund request reserves
-- its amount here when it is accepted (the back office) or taken up (a cancellation's refund), and
-- the provider's confirmation releases it into refunded_minor; so a second request made while the
-- first is still pending can only ask for what is really left.
ALTER TABLE payments
    ADD COLUMN refund_pending_minor bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT payments_refund_pending_bounded
        CHECK (refund_pending_minor >= 0 AND refunded_minor + refund_pending_minor <= amount_minor);
