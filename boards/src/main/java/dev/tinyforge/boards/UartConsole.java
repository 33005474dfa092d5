package dev.tinyforge.boards;

import java.util.List;
import java.util.Locale;

/**
 * The serial console a firmware writes its harness report to when it runs on a board on its own
 * (no debugger, so no semihosting): which UART, its clock at reset (the firmware does not touch
 * the clock tree), the baud rate, and the register writes that clock the UART and route its pins,
 * all from the board's descriptor ({@code "console"}), so a user's own board needs no C.
 *
 * @param base address of the UART's registers
 * @param clockHz the UART's input clock as the chip comes out of reset
 * @param setup register writes applied in order before the UART is enabled
 */
public record UartConsole(Family family, long base, long clockHz, int baud, List<RegisterWrite> setup) {

    /**
     * {@code reg = (reg & ~clear) | set} on a 32-bit register.
     *
     * @param what what the write does, for the generated C's comment (may be empty)
     */
    public record RegisterWrite(long address, long clear, long set, String what) {
    }

    /** A UART family: its driver in the firmware resources and how it encodes the baud rate. */
    public enum Family {
        /** Arm CMSDK APB UART: MPS2/MPS3 FPGA images and QEMU's models of them. */
        CMSDK_UART("cmsdk-uart", "tfg_uart_cmsdk.c"),
        /** STM32F1/F2/F4 USART (SR/DR registers). */
        STM32_USART_V1("stm32-usart-v1", "tfg_uart_stm32_v1.c"),
        /** STM32F0/F3/F7/L4/H7/G4 USART (ISR/TDR/RDR registers). */
        STM32_USART_V2("stm32-usart-v2", "tfg_uart_stm32_v2.c"),
        /** STM32 low-power UART: the V2 registers with a 256x baud-rate register. */
        STM32_LPUART("stm32-lpuart", "tfg_uart_stm32_v2.c"),
        /** nRF52 UART (not UARTE): BAUDRATE from the product specification's table (its own 16 MHz clock). */
        NRF52_UART("nrf52-uart", "tfg_uart_nrf52.c");

        private final String id;
        private final String driver;

        Family(String id, String driver) {
            this.id = id;
            this.driver = driver;
        }

        public String id() {
            return id;
        }

        /** The C file (a firmware resource) that drives this family. */
        public String driver() {
            return driver;
        }

        /** @throws IllegalArgumentException naming the known families */
        public static Family of(String id, String source) {
            for (Family f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(source + ": console kind '" + id + "' is not one TinyForge drives; use one"
                    + " of " + java.util.Arrays.stream(values()).map(Family::id).toList());
        }
    }

    /** The nRF52 UART's BAUDRATE register values from the product specification (not a formula: some are tuned). */
    private static final java.util.Map<Integer, Long> NRF52_BAUDRATE = new java.util.TreeMap<>(java.util.Map.ofEntries(
            java.util.Map.entry(1200, 0x0004F000L), java.util.Map.entry(2400, 0x0009D000L),
            java.util.Map.entry(4800, 0x0013B000L), java.util.Map.entry(9600, 0x00275000L),
            java.util.Map.entry(14400, 0x003B0000L), java.util.Map.entry(19200, 0x004EA000L),
            java.util.Map.entry(28800, 0x0075F000L), java.util.Map.entry(38400, 0x009D5000L),
            java.util.Map.entry(57600, 0x00EBF000L), java.util.Map.entry(76800, 0x013A9000L),
            java.util.Map.entry(115200, 0x01D7E000L), java.util.Map.entry(230400, 0x03AFB000L),
            java.util.Map.entry(250000, 0x04000000L), java.util.Map.entry(460800, 0x075F7000L),
            java.util.Map.entry(921600, 0x0EBED000L), java.util.Map.entry(1000000, 0x10000000L)));

    public UartConsole {
        setup = List.copyOf(setup);
    }

    /**
     * The value of the family's baud-rate register, checked against what the hardware can take.
     *
     * @throws IllegalArgumentException when the clock cannot make the baud rate
     */
    public long divisor() {
        long d = switch (family) {
            case CMSDK_UART, STM32_USART_V1, STM32_USART_V2 -> Math.round((double) clockHz / baud);
            case STM32_LPUART -> Math.round(256.0 * clockHz / baud);
            case NRF52_UART -> NRF52_BAUDRATE.getOrDefault(baud, -1L);
        };
        long min = switch (family) {
            case CMSDK_UART, STM32_USART_V1, STM32_USART_V2 -> 16;
            case STM32_LPUART -> 0x300;
            case NRF52_UART -> 0x1000;
        };
        long max = family == Family.STM32_LPUART ? (1L << 20) - 1 : family == Family.NRF52_UART ? 0xFFFFFFFFL : 0xFFFF;
        if (family == Family.NRF52_UART && d < 0) {
            throw new IllegalArgumentException("an nrf52-uart runs at " + NRF52_BAUDRATE.keySet() + " baud, not " + baud
                    + "; change the console's baud");
        }
        if (d < min || d > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a %s clocked at %d Hz cannot run at %d baud"
                    + " (baud-rate register %d, must be %d..%d); change the console's baud or clock_hz", family.id,
                    clockHz, baud, d, min, max));
        }
        return d;
    }

    /** Where a firmware image's console is described, for the generated file's comment. */
    public String describe() {
        return String.format(Locale.ROOT, "%s at 0x%08X, %d baud from a %.3f MHz clock", family.id, base, baud,
                clockHz / 1e6);
    }
}
