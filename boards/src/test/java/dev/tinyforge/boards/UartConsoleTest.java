package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Baud-rate divisors against the reference manuals' worked values, and the descriptor's console errors. */
class UartConsoleTest {

    private static long divisor(UartConsole.Family family, long clock, int baud) {
        return new UartConsole(family, 0x40000000L, clock, baud, List.of()).divisor();
    }

    @Test
    void divisorsMatchTheManuals() {
        assertEquals(139, divisor(UartConsole.Family.STM32_USART_V1, 16_000_000, 115200)); // 16 MHz HSI
        assertEquals(556, divisor(UartConsole.Family.STM32_USART_V2, 64_000_000, 115200)); // H7 HSI
        assertEquals(8889, divisor(UartConsole.Family.STM32_LPUART, 4_000_000, 115200)); // 256 x 4 MHz / 115200
        assertEquals(0x01D7E000L, divisor(UartConsole.Family.NRF52_UART, 16_000_000, 115200)); // nRF52 BAUDRATE table
        assertEquals(0x00275000L, divisor(UartConsole.Family.NRF52_UART, 16_000_000, 9600));
        assertEquals(0x0EBED000L, divisor(UartConsole.Family.NRF52_UART, 16_000_000, 921600));
        assertEquals(217, divisor(UartConsole.Family.CMSDK_UART, 25_000_000, 115200));
    }

    @Test
    void aBaudTheClockCannotMakeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> divisor(UartConsole.Family.CMSDK_UART, 1_000_000, 115200));
        assertTrue(e.getMessage().contains("cannot run at 115200 baud"), e.getMessage());
        var nrf = assertThrows(IllegalArgumentException.class,
                () -> divisor(UartConsole.Family.NRF52_UART, 16_000_000, 100000));
        assertTrue(nrf.getMessage().contains("not 100000"), nrf.getMessage());
    }

    @Test
    void descriptorErrorsNameTheField() {
        String board = "{\"id\": \"x\", \"core\": \"cortex-m4\", \"arch\": \"armv7e-m\", \"clock_hz\": 1, \"sram_bytes\": 1,"
                + " \"flash_bytes\": 1, \"console\": %s}";
        var kind = assertThrows(IllegalArgumentException.class, () -> Boards.parse(String.format(board,
                "{\"kind\": \"pl011\", \"base\": \"0x40034000\", \"clock_hz\": 12000000}"), "my.json"));
        assertTrue(kind.getMessage().startsWith("my.json console: console kind 'pl011'")
                && kind.getMessage().contains("stm32-usart-v2"), kind.getMessage());
        var base = assertThrows(IllegalArgumentException.class, () -> Boards.parse(String.format(board,
                "{\"kind\": \"cmsdk-uart\", \"base\": \"uart0\", \"clock_hz\": 25000000}"), "my.json"));
        assertTrue(base.getMessage().contains("field 'base' must be an address"), base.getMessage());
        var setup = assertThrows(IllegalArgumentException.class, () -> Boards.parse(String.format(board,
                "{\"kind\": \"cmsdk-uart\", \"base\": \"0x40004000\", \"clock_hz\": 25000000, \"setup\": "
                        + "[{\"set\": \"0x1\"}]}"), "my.json"));
        assertTrue(setup.getMessage().contains("my.json console setup[0]: field 'address'"), setup.getMessage());
        BoardSpec ok = Boards.parse(String.format(board, "{\"kind\": \"cmsdk-uart\", \"base\": \"0x40004000\", "
                + "\"clock_hz\": 25000000}"), "my.json");
        assertEquals(115200, ok.console().baud());
    }
}
