package dev.qasim.model.ops;

import dev.qasim.workload.Operand;
import java.util.Locale;

/**
 * ONNX's tensor element types (TensorProto.DataType, IR version 13), each read or refused by name.
 *
 * <ul>
 *   <li>real types are held as real numbers: float32 and float64 as they are, float16, bfloat16, the four
 *   FLOAT8 variants, FLOAT4E2M1 and FLOAT8E8M0 decoded exactly from their bit patterns ({@link #decode});</li>
 *   <li>integer types are held as 32-bit integers with their own range (u8, s8, u16, s16, s32, u4, s4, u2, s2,
 *   bool as 0 / 1). int64, uint32 and uint64 are held in 32 bits: a value beyond the 32-bit range saturates to
 *   -2^31 or 2^31 - 1, which keeps the meaning of the "to the end" sentinels exporters write into Slice
 *   (INT64_MAX, INT64_MIN) since Slice clamps them to the dimension anyway; arithmetic on such values is
 *   checked and refused when it leaves 32 bits;</li>
 *   <li>string, complex64, complex128 and undefined are refused by name.</li>
 * </ul>
 */
public enum ElementType {
    UNDEFINED(0, Kind.REFUSED, 0),
    FLOAT(1, Kind.REAL, 32),
    UINT8(2, Kind.INTEGER, 8),
    INT8(3, Kind.INTEGER, 8),
    UINT16(4, Kind.INTEGER, 16),
    INT16(5, Kind.INTEGER, 16),
    INT32(6, Kind.INTEGER, 32),
    INT64(7, Kind.INTEGER, 64),
    STRING(8, Kind.REFUSED, 0),
    BOOL(9, Kind.INTEGER, 8),
    FLOAT16(10, Kind.REAL, 16),
    DOUBLE(11, Kind.REAL, 64),
    UINT32(12, Kind.INTEGER, 32),
    UINT64(13, Kind.INTEGER, 64),
    COMPLEX64(14, Kind.REFUSED, 64),
    COMPLEX128(15, Kind.REFUSED, 128),
    BFLOAT16(16, Kind.REAL, 16),
    FLOAT8E4M3FN(17, Kind.REAL, 8),
    FLOAT8E4M3FNUZ(18, Kind.REAL, 8),
    FLOAT8E5M2(19, Kind.REAL, 8),
    FLOAT8E5M2FNUZ(20, Kind.REAL, 8),
    UINT4(21, Kind.INTEGER, 4),
    INT4(22, Kind.INTEGER, 4),
    FLOAT4E2M1(23, Kind.REAL, 4),
    FLOAT8E8M0(24, Kind.REAL, 8),
    UINT2(25, Kind.INTEGER, 2),
    INT2(26, Kind.INTEGER, 2);

    /** How qasim holds values of a type. */
    public enum Kind { REAL, INTEGER, REFUSED }

    private static final ElementType[] BY_NUMBER = new ElementType[27];

    static {
        for (ElementType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;
    private final Kind kind;
    private final int bits;

    ElementType(int number, Kind kind, int bits) {
        this.number = number;
        this.kind = kind;
        this.bits = bits;
    }

    /** The type with ONNX's number, or null for a number ONNX does not define. */
    public static ElementType of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** ONNX's number (TensorProto.DataType). */
    public int number() {
        return number;
    }

    public Kind kind() {
        return kind;
    }

    /** Bits per element as stored (raw data packs 4-bit types two to a byte and 2-bit types four). */
    public int bits() {
        return bits;
    }

    public boolean real() {
        return kind == Kind.REAL;
    }

    /** ONNX's name in lower case, as in messages: {@code float16}, {@code int4}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether values are stored as unsigned bit patterns (unsigned integers, bool and the small floats). */
    boolean unsignedStorage() {
        return switch (this) {
            case UINT8, UINT16, UINT32, UINT64, UINT4, UINT2, BOOL -> true;
            default -> real() && bits < 32;
        };
    }

    /**
     * The integer type qasim holds an integer element type in: its own width and signedness, bool as u1, and
     * the types wider than 32 bits (int64, uint32, uint64) as s32 (saturated; see the class comment).
     *
     * @throws IllegalStateException for a type that is not an integer type
     */
    public Operand operand() {
        return switch (this) {
            case UINT8 -> Operand.unsigned(8);
            case INT8 -> Operand.signed(8);
            case UINT16 -> Operand.unsigned(16);
            case INT16 -> Operand.signed(16);
            case UINT4 -> Operand.unsigned(4);
            case INT4 -> Operand.signed(4);
            case UINT2 -> Operand.unsigned(2);
            case INT2 -> Operand.signed(2);
            case BOOL -> Operand.unsigned(1);
            case INT32, INT64, UINT32, UINT64 -> Operand.signed(32);
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    /** The ONNX type of an operand type qasim holds (for outputs and messages). */
    public static ElementType ofOperand(Operand type) {
        boolean signed = type.signedness() == dev.qasim.arith.Signedness.SIGNED;
        return switch (type.bits()) {
            case 1 -> BOOL;
            case 2 -> signed ? INT2 : UINT2;
            case 4 -> signed ? INT4 : UINT4;
            case 8 -> signed ? INT8 : UINT8;
            case 16 -> signed ? INT16 : UINT16;
            default -> signed ? INT32 : UINT32;
        };
    }

    /**
     * The value of a real type's bit pattern (the low {@link #bits()} bits of {@code pattern}), exactly: NaN and
     * infinities where the format has them.
     *
     * @throws IllegalStateException for float32, float64 and the integer types, which are not decoded from patterns
     */
    public double decode(int pattern) {
        return switch (this) {
            case FLOAT16 -> minifloat(pattern, 5, 10, 15, Special.IEEE);
            case BFLOAT16 -> Float.intBitsToFloat((pattern & 0xffff) << 16);
            case FLOAT8E4M3FN -> minifloat(pattern, 4, 3, 7, Special.NAN_ALL_ONES);
            case FLOAT8E4M3FNUZ -> minifloat(pattern, 4, 3, 8, Special.NAN_NEGATIVE_ZERO);
            case FLOAT8E5M2 -> minifloat(pattern, 5, 2, 15, Special.IEEE);
            case FLOAT8E5M2FNUZ -> minifloat(pattern, 5, 2, 16, Special.NAN_NEGATIVE_ZERO);
            case FLOAT4E2M1 -> minifloat(pattern, 2, 1, 1, Special.NONE);
            case FLOAT8E8M0 -> (pattern & 0xff) == 0xff ? Double.NaN : Math.scalb(1.0, (pattern & 0xff) - 127);
            default -> throw new IllegalStateException(this + " is not decoded from a bit pattern");
        };
    }

    /** Where a small float format puts NaN and infinity. */
    private enum Special {
        /** Exponent all ones: infinity with a zero mantissa, NaN otherwise. */
        IEEE,
        /** Only exponent and mantissa all ones is NaN; no infinity (E4M3FN). */
        NAN_ALL_ONES,
        /** The negative-zero pattern is NaN; no infinity, no negative zero (the FNUZ formats). */
        NAN_NEGATIVE_ZERO,
        /** Every pattern is a number (E2M1). */
        NONE
    }

    private static double minifloat(int pattern, int exponentBits, int mantissaBits, int bias, Special special) {
        int total = 1 + exponentBits + mantissaBits;
        int p = pattern & ((1 << total) - 1);
        int sign = p >>> (total - 1);
        int exponent = (p >>> mantissaBits) & ((1 << exponentBits) - 1);
        int mantissa = p & ((1 << mantissaBits) - 1);
        int allOnes = (1 << exponentBits) - 1;
        if (special == Special.NAN_NEGATIVE_ZERO && sign == 1 && exponent == 0 && mantissa == 0) {
            return Double.NaN;
        }
        if (special == Special.IEEE && exponent == allOnes) {
            return mantissa != 0 ? Double.NaN : sign == 1 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (special == Special.NAN_ALL_ONES && exponent == allOnes && mantissa == (1 << mantissaBits) - 1) {
            return Double.NaN;
        }
        double magnitude = exponent == 0
                ? Math.scalb((double) mantissa, 1 - bias - mantissaBits)
                : Math.scalb((double) ((1 << mantissaBits) | mantissa), exponent - bias - mantissaBits);
        return sign == 1 ? -magnitude : magnitude;
    }
}
