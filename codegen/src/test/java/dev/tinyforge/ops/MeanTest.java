package dev.tinyforge.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MEAN files TFLite cannot take are refused when read, before TFLite sees them. */
class MeanTest {
    @Test
    void moreThanFourAxisEntriesAreRefusedOnImport() {
        GraphBuilder b = new GraphBuilder("m");
        b.input("x", new int[] {1, 2, 3, 4}, DType.FLOAT32, null);
        b.add(Mean.OP, new Mean.Params(new int[] {0, 1, 2, 3, -4}, false), List.of("x"), "y");
        byte[] file = TfliteWriter.write(b.output("y").build());
        var e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(file, "m.tflite"));
        assertTrue(e.getMessage().contains("MEAN lists 5 axes") && e.getMessage().contains("list each axis once"),
                e.getMessage());
    }
}
