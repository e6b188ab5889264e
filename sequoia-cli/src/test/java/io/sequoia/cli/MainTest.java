package io.sequoia.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** main() builds only the subcommand it is asked for; help and mistakes still see every subcommand. */
class MainTest {
    @Test void onlyTheNamedSubcommandIsBuilt() {
        CommandLine forecast = Main.commandLine(new String[]{"forecast", "--help"});
        assertEquals(List.of("forecast"), List.copyOf(forecast.getSubcommands().keySet()));
        CommandLine all = Main.commandLine();
        assertEquals(Main.SUBCOMMANDS.size(), all.getSubcommands().size());
        for (String[] args : new String[][]{{}, {"--help"}, {"forcast"}, {"Forecast"}}) {
            assertEquals(all.getSubcommands().keySet(), Main.commandLine(args).getSubcommands().keySet(), String.join(" ", args));
        }
        // the settings reach the one subcommand as they reach all of them
        assertTrue(forecast.getSubcommands().get("forecast").isCaseInsensitiveEnumValuesAllowed());
        assertEquals("sequoia forecast", forecast.getSubcommands().get("forecast").getCommandSpec().qualifiedName());
    }

    @Test void badUsageOfTheOneSubcommandStillExitsTwoAndNamesIt() {
        String out = CliRun.run(2, "forecast", "--data", "x.csv", "--target", "y", "--horizon", "0");
        assertTrue(out.contains("forecast"), out);
        String unknown = CliRun.run(2, "forcast");
        assertTrue(unknown.contains("forcast"), unknown);
    }
}
