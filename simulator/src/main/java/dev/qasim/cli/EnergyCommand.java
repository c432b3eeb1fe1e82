package dev.qasim.cli;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.Accelergy;
import dev.qasim.energy.AreaEstimate;
import dev.qasim.energy.EnergyModel;
import dev.qasim.report.ReportFolder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim energy}: the energy and area figures an architecture is priced with, and the table in Accelergy's form. */
@Command(name = "energy", mixinStandardHelpOptions = true,
        description = {"Print the per-event energies, static power and area an architecture is priced with: its energy table "
                + "at the node and supply voltage the architecture asks for, with the scaling factors.",
                "The table is energy.table; the node and voltage energy.technologyNm and energy.supplyV (docs/energy.md).",
                "With --out DIR, also write the table in Accelergy's form, DIR/ERT.yaml and DIR/ART.yaml (version 0.3, qasim's "
                        + "component names, at the architecture's node and voltage), and DIR/provenance.json; a table file can read "
                        + "them back (docs/energy.md, \"Accelergy\")."})
final class EnergyCommand implements Callable<Integer> {
    /** The files --out receives besides provenance.json. */
    static final List<String> NAMES = List.of("ERT.yaml", "ART.yaml");

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Write ERT.yaml and ART.yaml (Accelergy's form) into DIR.")
    Path out;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        ArchConfig arch = ArchLoader.load(archOptions.arch, archOptions.overrides);
        EnergyModel model = EnergyModel.forArch(arch, archOptions.arch);
        ReportFolder folder = null;
        if (out != null) {
            Options.outputFolder("--out", out);
            folder = ReportFolder.claim("--out", out, Identities.of(spec, Map.of()), output.overwrite, NAMES);
        }
        var t = model.table();
        var tech = model.technology();
        w.printf(Locale.ROOT, "# %s: energy table %s (%s; %s, %s V)%n", arch.name(), t.name(), t.source(), t.corner().node(),
                plain(t.corner().voltageV()));
        w.println(tech.scaled()
                ? String.format(Locale.ROOT, "# priced at %s nm, %s V: energy x %.4g, area x %.4g, static power x %.4g, DRAM x %.4g"
                        + " (Stillmaker and Baas, 2017)", plain(tech.nodeNm()), plain(tech.supplyV()), tech.energyFactor(),
                        tech.areaFactor(), tech.staticFactor(), tech.dramFactor())
                : "# priced at the table's own node and voltage");
        for (EnergyModel.Figure f : model.figures()) {
            w.printf(Locale.ROOT, "%-52s %12s  %s%n", f.what(), Double.isNaN(f.value()) ? "unpriced" : String.format(Locale.ROOT, "%.6g", f.value()),
                    f.unit());
        }
        EnergyModel.StaticPower p = model.staticPower();
        w.printf(Locale.ROOT, "%-52s %12s  mW%n", "static power: array arithmetic", mw(p.arrayNw()));
        w.printf(Locale.ROOT, "%-52s %12s  mW%n", "static power: registers", mw(p.registerNw()));
        w.printf(Locale.ROOT, "%-52s %12s  mW%n", "static power: SRAM", mw(p.sramNw()));
        w.printf(Locale.ROOT, "%-52s %12s  mW%n", "static power: total", mw(p.totalNw()));
        AreaEstimate a = model.area();
        w.printf(Locale.ROOT, "%-52s %12.1f  um^2%n", "area: one PE", a.peUm2());
        w.printf(Locale.ROOT, "%-52s %12.4f  mm^2%n", "area: array", a.arrayUm2() / 1e6);
        w.printf(Locale.ROOT, "%-52s %12s  mm^2%n", "area: SRAM", Double.isNaN(a.sramUm2()) ? "unpriced"
                : String.format(Locale.ROOT, "%.4f", a.sramUm2() / 1e6));
        for (String note : model.extrapolated()) {
            w.println("# " + note);
        }
        if (folder != null) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            Accelergy.write(t, tech).forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
            folder.write(files);
            w.println("Accelergy tables: " + out.resolve("ERT.yaml") + ", " + out.resolve("ART.yaml"));
        }
        return Main.OK;
    }

    private static String mw(double nw) {
        return Double.isNaN(nw) ? "unpriced" : String.format(Locale.ROOT, "%.3f", nw / 1e6);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
