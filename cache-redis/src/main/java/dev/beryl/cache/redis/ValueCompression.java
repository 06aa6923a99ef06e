package dev.beryl.cache.redis;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses stored values that are larger than a threshold, with the JDK's DEFLATE (zlib, fastest level), and
 * reads them back within a size limit.
 * <p>
 * A compressed value starts with a header that no JSON document and no null marker can start with: the byte
 * {@code 0xC1}, which never begins UTF-8 text (nor a MessagePack value), then {@code BRL}, the format {@code 1}
 * and the length of the value uncompressed (4 bytes, big-endian), then the zlib stream. Values stored uncompressed
 * stay readable with {@code redis-cli GET}, and entries written before compression was switched on, or after it was
 * switched off, still read back. An encoding that happens to start with the header itself, or to look like a lease's
 * placeholder ({@link Leases}), is always compressed, so that no stored value is ever mistaken for another, nor for a
 * lease.
 * <p>
 * Inflating never produces more than the size limit, whatever the header says: a corrupt or hostile entry fails
 * to decode (and the backend treats it as a miss) instead of filling the heap.
 */
final class ValueCompression {

    private static final byte[] MAGIC = { (byte) 0xC1, 'B', 'R', 'L' };

    private static final byte FORMAT_DEFLATE = 1;

    private static final int HEADER = MAGIC.length + 1 + Integer.BYTES;

    private final long threshold;

    private final int limit;

    /**
     * @param threshold encodings larger than this many bytes are compressed; {@link Long#MAX_VALUE} for none
     * @param limit the largest value, in bytes uncompressed, that {@link #unpack} produces
     */
    ValueCompression(long threshold, long limit) {
        this.threshold = threshold;
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 16);
    }

    /**
     * What to store for an encoding: its compressed form if the encoding is larger than the threshold and
     * compressing makes it smaller, or if it looks compressed or like a lease's placeholder; otherwise the encoding
     * itself.
     */
    byte[] pack(byte[] encoding) {
        boolean ambiguous = isPacked(encoding) || Leases.isPlaceholder(encoding);
        if (encoding.length <= this.threshold && !ambiguous) {
            return encoding;
        }
        byte[] packed = deflate(encoding);
        return (packed.length < encoding.length || ambiguous) ? packed : encoding;
    }

    /**
     * The encoding in stored bytes: the bytes themselves, or what they inflate to.
     * @throws IllegalArgumentException if compressed bytes are corrupt, or inflate to more than the limit
     */
    byte[] unpack(byte[] stored) {
        return isPacked(stored) ? inflate(stored) : stored;
    }

    static boolean isPacked(byte[] bytes) {
        return bytes.length >= MAGIC.length && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1] && bytes[2] == MAGIC[2]
                && bytes[3] == MAGIC[3];
    }

    private static byte[] deflate(byte[] encoding) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(encoding);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 64 + encoding.length / 4);
            out.writeBytes(MAGIC);
            out.write(FORMAT_DEFLATE);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(encoding.length >>> shift);
            }
            byte[] chunk = new byte[Math.min(64 * 1024, 256 + encoding.length)];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        }
        finally {
            deflater.end();
        }
    }

    private byte[] inflate(byte[] stored) {
        if (stored.length < HEADER || stored[MAGIC.length] != FORMAT_DEFLATE) {
            throw new IllegalArgumentException("compressed value with an unknown header");
        }
        int length = 0;
        for (int i = MAGIC.length + 1; i < HEADER; i++) {
            length = (length << 8) | (stored[i] & 0xFF);
        }
        if (length < 0 || length > this.limit) {
            throw new IllegalArgumentException("compressed value of " + Integer.toUnsignedString(length)
                    + " bytes is larger than the limit of " + this.limit + " bytes");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored, HEADER, stored.length - HEADER);
            // Grows with what really inflates, so a header that lies about the length costs no memory.
            byte[] out = new byte[Math.min(length, 64 * 1024)];
            int filled = 0;
            while (filled < length) {
                if (filled == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
                }
                int inflated = inflater.inflate(out, filled, out.length - filled);
                if (inflated == 0) {
                    throw new IllegalArgumentException("compressed value ends after " + filled + " of " + length
                            + " bytes");
                }
                filled += inflated;
            }
            if (!inflater.finished()) {
                if (inflater.inflate(new byte[1]) > 0) {
                    throw new IllegalArgumentException("compressed value inflates past its length of " + length
                            + " bytes");
                }
                if (!inflater.finished()) {
                    throw new IllegalArgumentException("compressed value ends before its checksum");
                }
            }
            return out;
        }
        catch (DataFormatException ex) {
            throw new IllegalArgumentException("compressed value is corrupt: " + ex.getMessage(), ex);
        }
        finally {
            inflater.end();
        }
    }
}
