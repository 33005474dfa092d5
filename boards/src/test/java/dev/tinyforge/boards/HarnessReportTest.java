package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's "tfg" lines as they come from QEMU or a serial port, whole, garbled or cut short. */
class HarnessReportTest {
    private static final String WHOLE = "tfg ready: send 'r' to run\r\ntfg model resnet8 board nucleo-f412zg\r\n"
            + "tfg firmware 0123456789abcdef\r\ntfg timer dwt\r\ntfg run 0 ticks 1200\r\ntfg run 1 ticks 1100\r\n"
            + "tfg output 0 7f80\r\ntfg output 1 05\r\ntfg stack 420\r\ntfg end\r\n";

    @Test
    void aWholeReportParses() {
        HarnessReport r = HarnessReport.parse(WHOLE, "test");
        assertEquals("0123456789abcdef", r.firmwareId());
        assertEquals("dwt", r.timer());
        assertEquals(List.of(1200L, 1100L), r.ticks());
        assertEquals(1100, r.bestTicks());
        assertArrayEquals(new byte[] {0x7f, (byte) 0x80}, r.output());
        assertEquals(2, r.outputs().size());
        assertArrayEquals(new byte[] {5}, r.outputs().get(1));
        assertEquals(420, r.stackBytes());
        assertTrue(HarnessReport.isComplete(WHOLE));
    }

    @Test
    void aLostLineNamesWhatIsMissing() {
        // what a serial line that dropped bytes delivered: two lines run together
        String lost = WHOLE.replace("nucleo-f412zg\r\ntfg firmware 0123456789abcdef\r\n", "nucleo-f412zg");
        var e = assertThrows(IllegalStateException.class, () -> HarnessReport.parse(lost, "serial port /dev/x"));
        assertTrue(e.getMessage().startsWith("serial port /dev/x: the harness did not finish its report (no \"tfg "
                + "firmware\", \"tfg timer\")"), e.getMessage());
        assertFalse(HarnessReport.isComplete(lost));
    }

    @Test
    void aGarbledLineIsAnErrorNotACrash() {
        for (String bad : List.of("tfg run 0 ticks 12x0", "tfg run 0", "tfg output 0 7g", "tfg output 7f", "tfg stack")) {
            String text = WHOLE.replace("tfg run 1 ticks 1100", bad).replace("tfg output 0 7f80", bad)
                    .replace("tfg stack 420", bad);
            var e = assertThrows(IllegalStateException.class, () -> HarnessReport.parse(text, "test"));
            assertTrue(e.getMessage().startsWith("test: garbled harness line \"" + bad + "\""), e.getMessage());
            assertFalse(HarnessReport.isComplete(text));
        }
    }

    @Test
    void aMissingOutputIsNamed() {
        String gap = WHOLE.replace("tfg output 0 7f80\r\n", "");
        var e = assertThrows(IllegalStateException.class, () -> HarnessReport.parse(gap, "qemu"));
        assertTrue(e.getMessage().contains("tfg output (outputs [1], not 0..0)"), e.getMessage());
    }

    @Test
    void faultsAndErrorsAreReportedAsSuch() {
        var fault = assertThrows(IllegalStateException.class,
                () -> HarnessReport.parse("tfg model m board b\ntfg fault\n", "qemu"));
        assertTrue(fault.getMessage().contains("the firmware faulted"), fault.getMessage());
        var error = assertThrows(IllegalStateException.class,
                () -> HarnessReport.parse("tfg error invoke returned non-zero\n", "qemu"));
        assertEquals("qemu: tfg error invoke returned non-zero", error.getMessage());
    }
}
