package dev.qasim.cli;

import dev.qasim.quant.Calibration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a calibration policy option ({@code --calibrate}, {@code --weight-calibrate}): {@link Calibration#parse}, its rule as the error. */
final class CalibrationConverter implements ITypeConverter<Calibration> {
    @Override
    public Calibration convert(String value) {
        try {
            return Calibration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
    }
}
