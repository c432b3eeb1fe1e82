package dev.qasim.cli;

import dev.qasim.input.Section;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an enum option by the same lower-case names the YAML files use ({@code hese}, {@code widen-replay}). */
class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    EnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        for (E option : type.getEnumConstants()) {
            if (Section.yamlName(option).equals(value)) {
                return option;
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of " + names(type));
    }

    static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Section::yamlName).collect(Collectors.joining(", "));
    }

    /** {@code --scheme}. */
    static final class EncodingConverter extends EnumConverter<dev.qasim.terms.Encoding> {
        EncodingConverter() {
            super(dev.qasim.terms.Encoding.class);
        }
    }
}
