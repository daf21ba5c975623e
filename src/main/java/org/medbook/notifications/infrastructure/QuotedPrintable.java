package org.medbook.notifications.infrastructure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text as a MIME body in quoted-printable (RFC 2045, section 6.7), written in one pass over its UTF-8
 * bytes: printable ASCII stays as it is, everything else (and {@code =}) becomes {@code =XX}, a space
 * or tab at the end of a line is encoded, every line break becomes CRLF, and no line is longer than 76
 * characters (soft breaks end in {@code =}). Jakarta Mail's own encoder does the same through a chain
 * of streams, one call per byte, which was the larger part of writing a notification e-mail; a part
 * built from these bytes is sent as they are.
 */
final class QuotedPrintable {

    static final int MAX_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private QuotedPrintable() {
    }

    static byte[] encode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        // at worst every byte takes three characters, plus a soft break every 24 bytes
        byte[] out = new byte[in.length * 3 + (in.length / 24 + 1) * 3];
        int length = 0;
        int column = 0;
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            int width;
            if (PLAIN[b]) {
                width = 1;
            } else if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
                continue;
            } else {
                // a space or tab stays as it is unless it ends a line
                width = (b == ' ' || b == '\t') && !endsLine(in, i) ? 1 : 3;
            }
            // the last character of a line may take the 76th column; any other leaves it to a soft break
            if (column + width > MAX_LINE - 1 && (column + width > MAX_LINE || !endsLine(in, i))) {
                out[length++] = '=';
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
            }
            if (width == 1) {
                out[length++] = (byte) b;
            } else {
                out[length++] = '=';
                out[length++] = HEX[b >> 4];
                out[length++] = HEX[b & 0xf];
            }
            column += width;
        }
        return Arrays.copyOf(out, length);
    }

    /** Whether the byte at {@code i} is the last of its line. */
    private static boolean endsLine(byte[] in, int i) {
        return i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
    }

    /** The bytes written as they are wherever they stand: printable ASCII but {@code =}. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int b = 33; b <= 126; b++) {
            PLAIN[b] = b != '=';
        }
    }
}
