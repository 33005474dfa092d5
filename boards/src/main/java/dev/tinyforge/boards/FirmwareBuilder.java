package dev.tinyforge.boards;

import dev.tinyforge.target.Toolchain;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link FirmwareProject} to a directory and builds it with the board's {@link Toolchain}:
 * every C file to {@code obj/}, then {@code firmware.elf} (the board's addresses) and, for bare-metal
 * boards, {@code firmware-qemu.elf} (its QEMU stand-in's addresses, the same sizes).
 */
public final class FirmwareBuilder {
    public static final String ELF = "firmware.elf";
    public static final String QEMU_ELF = "firmware-qemu.elf";
    /** The linker's map of {@link #ELF}: which object put how many bytes where. */
    public static final String MAP = "firmware.map";
    private static final long COMPILE_SECONDS = 300;

    /** What a build produced, and from which project (its firmware id, its model's arena). */
    public record Build(FirmwareProject project, Path dir, Path elf, Path qemuElf, ElfSizes sizes) {
        /** The model's arena as the generated C declares it. */
        public long arenaBytes() {
            return project.cSource().arenaBytes();
        }

        /** RAM the firmware uses outside the arena and the stack (the harness's and port's variables). */
        public long harnessRamBytes() {
            return sizes.ramBytes() - arenaBytes();
        }
    }

    private FirmwareBuilder() {
    }

    /** The project written to a directory and every C file compiled to {@code obj/}, not yet linked. */
    public record Compiled(FirmwareProject project, Path dir, List<String> objects) {
        public Compiled {
            objects = List.copyOf(objects);
        }
    }

    /** Writes, compiles and links: {@link #compile} then {@link #link(Compiled)}. */
    public static Build build(FirmwareProject project, Path dir, Progress progress) throws IOException {
        return link(compile(project, dir, progress));
    }

    /** Writes the project's files to {@code dir} and compiles every C file (the slow part of a build). */
    public static Compiled compile(FirmwareProject project, Path dir, Progress progress) throws IOException {
        Toolchain tc = Toolchain.of(project.board().target());
        Files.createDirectories(dir);
        for (var f : project.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        List<String> objects = new ArrayList<>();
        List<String> cFiles = project.cFiles();
        Files.createDirectories(dir.resolve("obj"));
        for (int i = 0; i < cFiles.size(); i++) {
            String c = cFiles.get(i);
            String o = objectName(c);
            List<String> cmd = tc.compileCommand(List.of(".", "include"), List.of());
            cmd.addAll(List.of("-c", c, "-o", o));
            Tool.check(cmd, dir, COMPILE_SECONDS, tc.debianPackage());
            objects.add(o);
            progress.update("compiling " + project.board().id() + " firmware", i + 1, cFiles.size());
        }
        return new Compiled(project, dir, objects);
    }

    /** Links {@link #ELF} with the board's addresses and, on bare metal, {@link #QEMU_ELF} with the stand-in's. */
    public static Build link(Compiled compiled) {
        FirmwareProject project = compiled.project();
        Toolchain tc = Toolchain.of(project.board().target());
        Path dir = compiled.dir();
        List<String> objects = compiled.objects();
        List<String> flags = LinkerScript.linkFlags(project.board());
        link(tc, flags, dir, imageObjects(objects, FirmwareProject.QEMU_ONLY),
                project.board().isLinux() ? null : FirmwareProject.LINKER_SCRIPT, ELF);
        Path qemuElf = null;
        if (!project.board().isLinux()) {
            link(tc, flags, dir, imageObjects(objects, FirmwareProject.BOARD_ONLY), FirmwareProject.QEMU_LINKER_SCRIPT,
                    QEMU_ELF);
            qemuElf = dir.resolve(QEMU_ELF);
        }
        Path elf = dir.resolve(ELF);
        return new Build(project, dir, elf, qemuElf == null ? elf : qemuElf, ElfSizes.read(tc, elf));
    }

    /**
     * Links the board's image against {@code script} (a linker script's text, written to {@code obj/})
     * into {@code obj/<name>.elf} with its map; returns the map. For measuring without the board's limits.
     */
    static Path linkWith(Compiled compiled, String script, String name) throws IOException {
        Toolchain tc = Toolchain.of(compiled.project().board().target());
        Path ld = compiled.dir().resolve("obj").resolve(name + ".ld");
        Files.writeString(ld, script);
        String elf = "obj/" + name + ".elf";
        link(tc, LinkerScript.linkFlags(compiled.project().board()), compiled.dir(),
                imageObjects(compiled.objects(), FirmwareProject.QEMU_ONLY), "obj/" + name + ".ld", elf);
        return compiled.dir().resolve("obj").resolve(name + ".map");
    }

    /** The objects of one image: all but those of the other image's folder. */
    private static List<String> imageObjects(List<String> objects, String otherImageFolder) {
        String excluded = objectName(otherImageFolder);
        return objects.stream().filter(o -> !o.startsWith(excluded)).toList();
    }

    /** Where the build puts the object of a source file: {@code src/x.c} → {@code obj/src_x.o}. */
    static String objectName(String cFile) {
        return "obj/" + cFile.replace('/', '_').replaceAll("\\.c$", ".o");
    }

    private static void link(Toolchain tc, List<String> flags, Path dir, List<String> objects, String script,
            String elf) {
        List<String> cmd = new ArrayList<>(tc.compileCommand(List.of(), List.of()));
        cmd.addAll(tc.linkFlags());
        cmd.addAll(flags);
        if (script != null) {
            cmd.addAll(List.of("-T", script));
        }
        cmd.add("-Wl,-Map=" + elf.replaceAll("\\.elf$", "") + ".map");
        cmd.addAll(objects);
        cmd.addAll(List.of("-o", elf));
        Tool.check(cmd, dir, COMPILE_SECONDS, tc.debianPackage());
    }
}
