package dev.beryl.cache.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValueCompressionTests {

    private static final int THRESHOLD = 100;

    private final ValueCompression compression = new ValueCompression(THRESHOLD, 10_000);

    @Test
    void encodingLargerThanThreshold_isCompressed_andUnpacksToTheSameBytes() {
        byte[] json = json(THRESHOLD + 1);
        byte[] packed = this.compression.pack(json);
        assertThat(packed.length).isLessThan(json.length);
        assertThat(ValueCompression.isPacked(packed)).isTrue();
        assertThat(this.compression.unpack(packed)).isEqualTo(json);
    }

    @Test
    void encodingOfExactlyTheThreshold_isStoredAsItIs() {
        byte[] json = json(THRESHOLD);
        assertThat(this.compression.pack(json)).isSameAs(json);
        assertThat(this.compression.unpack(json)).isSameAs(json);
    }

    @Test
    void compressedHeader_canStartNoJsonAndNoNullMarker() {
        byte[] packed = this.compression.pack(json(5_000));
        assertThat(packed[0] & 0xFF).as("never the first byte of UTF-8 text").isEqualTo(0xC1);
        assertThat(this.compression.unpack("beryl:null".getBytes(StandardCharsets.US_ASCII))).asString()
                .isEqualTo("beryl:null");
    }

    @Test
    void encodingThatCompressionDoesNotShrink_isStoredAsItIs() {
        byte[] noise = new byte[1_000];
        new Random(42).nextBytes(noise);
        noise[0] = '"';
        assertThat(this.compression.pack(noise)).isSameAs(noise);
    }

    @Test
    void encodingThatLooksCompressed_isAlwaysCompressed_evenWithCompressionOff() {
        ValueCompression off = new ValueCompression(Long.MAX_VALUE, 10_000);
        byte[] lookalike = { (byte) 0xC1, 'B', 'R', 'L', 7 };
        byte[] packed = off.pack(lookalike);
        assertThat(packed).isNotEqualTo(lookalike);
        assertThat(off.unpack(packed)).isEqualTo(lookalike);
    }

    @Test
    void encodingThatLooksLikeALease_isAlwaysCompressed_evenWithCompressionOff() {
        ValueCompression off = new ValueCompression(Long.MAX_VALUE, 10_000);
        byte[] lookalike = "\0beryl-lease\0token".getBytes(StandardCharsets.US_ASCII);
        byte[] packed = off.pack(lookalike);
        assertThat(Leases.isPlaceholder(packed)).isFalse();
        assertThat(off.unpack(packed)).isEqualTo(lookalike);
    }

    @Test
    void compressedEntry_isReadBack_withCompressionOff() {
        byte[] json = json(5_000);
        assertThat(new ValueCompression(Long.MAX_VALUE, 10_000).unpack(this.compression.pack(json))).isEqualTo(json);
    }

    @Test
    void corruptStream_failsToUnpack() {
        byte[] packed = this.compression.pack(json(5_000));
        packed[packed.length / 2] ^= 0x55;
        assertThatIllegalArgumentException().isThrownBy(() -> this.compression.unpack(packed))
                .withMessageStartingWith("compressed value");
    }

    @Test
    void truncatedStream_failsToUnpack() {
        byte[] packed = this.compression.pack(json(5_000));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.compression.unpack(Arrays.copyOf(packed, packed.length - 3)))
                .withMessageStartingWith("compressed value");
    }

    @Test
    void headerThatClaimsMoreThanTheLimit_failsBeforeInflating() {
        byte[] packed = this.compression.pack(json(5_000));
        writeLength(packed, 10_001);
        assertThatIllegalArgumentException().isThrownBy(() -> this.compression.unpack(packed))
                .withMessage("compressed value of 10001 bytes is larger than the limit of 10000 bytes");
        writeLength(packed, -1);
        assertThatIllegalArgumentException().isThrownBy(() -> this.compression.unpack(packed))
                .withMessage("compressed value of 4294967295 bytes is larger than the limit of 10000 bytes");
    }

    @Test
    void streamThatInflatesPastItsHeader_failsWithinTheLimit() {
        // A bomb: 10 MB of zeros in a few kilobytes, under a header that claims 1,000 bytes.
        byte[] bomb = header(1_000, deflate(new byte[10_000_000]));
        assertThatIllegalArgumentException().isThrownBy(() -> this.compression.unpack(bomb))
                .withMessage("compressed value inflates past its length of 1000 bytes");
    }

    @Test
    void headerWithAnUnknownFormat_failsToUnpack() {
        byte[] packed = this.compression.pack(json(5_000));
        packed[4] = 9;
        assertThatIllegalArgumentException().isThrownBy(() -> this.compression.unpack(packed))
                .withMessage("compressed value with an unknown header");
    }

    /** A JSON string of exactly {@code length} bytes. */
    private static byte[] json(int length) {
        return ("\"" + "catalogue ".repeat(length).substring(0, length - 2) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] header(int length, byte[] stream) {
        byte[] stored = new byte[9 + stream.length];
        stored[0] = (byte) 0xC1;
        stored[1] = 'B';
        stored[2] = 'R';
        stored[3] = 'L';
        stored[4] = 1;
        writeLength(stored, length);
        System.arraycopy(stream, 0, stored, 9, stream.length);
        return stored;
    }

    private static void writeLength(byte[] stored, int length) {
        for (int i = 0; i < 4; i++) {
            stored[5 + i] = (byte) (length >>> (24 - 8 * i));
        }
    }
}
