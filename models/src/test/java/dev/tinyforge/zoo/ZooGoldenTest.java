package dev.tinyforge.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every zoo architecture keeps the graph it had when the per-family Java classes became specs
 * (checked then byte for byte against the old classes, {@code .tflite} bytes and batch norms, at six
 * configurations each): parameters, MACs and a hash of the float graph's tensor names, types and
 * shapes and its ops' wiring, at the default configuration and at 0.35 / 96 / 10 classes / 1 channel.
 */
class ZooGoldenTest {

    /** SHA-256 (first 16 hex digits) of every tensor's name, type and shape and every op's kind, inputs and outputs. */
    static String structureHash(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : g.tensors()) {
            sb.append(t.name()).append(' ').append(t.dtype()).append(' ').append(Arrays.toString(t.shape())).append('\n');
        }
        for (Op op : g.ops()) {
            sb.append(op.kind().name()).append(' ').append(op.inputs()).append(" -> ").append(op.outputs()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, default: params, MACs, hash; at 0.35/96/10/1: params, MACs, hash
        "mobilenetv2, 3487816, 300774272, 072cfade1f1b3541, 401610, 10003376, 6eed638e64f0ace3",
        "mnasnet-a1, 3870294, 311579072, 3c6c40f62bf2ff51, 471532, 10469888, 3f111d08538f8df3",
        "mcunet, 729720, 81785520, e01b1a43abe4925b, 96778, 5293424, 6025a1ae62c77eca",
        "mbv2-w0.3-r80, 628592, 7299968, 1827772ca2d60166, 45938, 4001680, eefb20895f57d4cf",
        "mbv2-w0.35-r144, 744072, 23499152, d5fed227ee75fd43, 62922, 4149520, bc6b4bc776deb61c",
        "mcunet-10fps, 743008, 6364224, 2700a2fea1e24c45, 84258, 4166848, ec7e72355b55bb72",
        "mcunet-256kb-1mb-int4, 1395008, 134492600, e9e45096e655d3c7, 169274, 8734424, 0e76c97bcbdde51a",
        "mcunet-256kb-1mb, 721648, 67287200, 137f2ee571a9af10, 88770, 5211416, 2f90faa21a9cc606",
        "mcunet-320kb-1mb-int4, 1390424, 169952528, de31a5e2be454a6a, 172562, 9009464, 43b8a66f630bad2a",
        "mcunet-320kb-1mb, 729720, 81785520, e01b1a43abe4925b, 96778, 5293424, 6025a1ae62c77eca",
        "mcunet-512kb-2mb-int4, 3246184, 466767552, 77dd0731fb66a47b, 389018, 17990952, 14b59390097aa3b6",
        "mcunet-512kb-2mb, 1721936, 125874400, 6f051523027b903d, 205754, 7793896, e266d56579f0cadf",
        "mcunet-5fps, 630224, 12790096, 106159c42ba323d8, 71514, 2543744, 7dbccd5cb2a581ff",
        "proxyless-w0.25-r112, 564920, 10691008, d57fb5a9fcc7f61f, 51778, 3137008, e2f8ec0bd61a2175",
        "proxyless-w0.3-r176, 748480, 38282216, 2700caebfdabfd38, 82274, 3587392, 1bd480f14b71fde6",
        "proxyless_mobile, 4063264, 320427584, 5d26f9d25f945ad7, 403546, 10899520, c917f17daf14bd96",
        "mcunet-vww1, 426634, 11578816, 01e5b8f5c888857c, 67674, 4320704, 5297c70329fd7727",
        "resnet8, 77706, 12501632, 8f8579282d12b608, 14226, 24735984, fc096ce21563ae26",
        "mbv2-se, 5754624, 303032192, 5c268fd73cfd36e3, 702106, 10300592, a31e0f4c3c0e4fef",
        "multitask, 71728, 8394752, 92e67db8fed203d5, 16352, 3974016, 62c7c2f1827e298a",
        "twostream, 56522, 7496960, fa1c27c4623da66b, 12138, 3886176, 54bc953ee22f211f",
    })
    void everyArchitectureKeepsItsGraph(String name, long params, long macs, String hash, long smallParams,
            long smallMacs, String smallHash) {
        Architecture a = Zoo.get(name);
        Graph g = a.build(a.defaultConfig()).graph();
        Graph small = a.build(new ZooConfig(0.35, 96, 10, 1, 3)).graph();
        assertEquals(params + " " + macs + " " + hash, g.params() + " " + g.macs() + " " + structureHash(g), name);
        assertEquals(smallParams + " " + smallMacs + " " + smallHash,
                small.params() + " " + small.macs() + " " + structureHash(small), name + " at 0.35/96");
    }

    /** Every architecture of the zoo has its row above. */
    @org.junit.jupiter.api.Test
    void everyArchitectureIsPinned() throws Exception {
        String rows = java.util.Arrays.toString(ZooGoldenTest.class.getDeclaredMethod("everyArchitectureKeepsItsGraph",
                String.class, long.class, long.class, String.class, long.class, long.class, String.class)
                .getAnnotation(CsvSource.class).value());
        for (Architecture a : Zoo.all()) {
            org.junit.jupiter.api.Assertions.assertTrue(rows.contains(a.name() + ", "), a.name() + " has no golden row");
        }
    }
}
