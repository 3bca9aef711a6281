package org.jepa.workbench.notebook;

import java.util.Map;
import java.util.UUID;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.display.DisplayData;

/**
 * Display through the Rapaio kernel this JVM runs in. Loaded only after {@link DisplayBackend#detect()}
 * found Rapaio's main class, so the {@code provided}-scope Rapaio classes are never touched elsewhere.
 */
final class RapaioBackend implements DisplayBackend {

    /** The bundle as Rapaio display data (text/plain first, then the rich types). */
    static DisplayData toDisplayData(Map<String, String> bundle) {
        DisplayData dd = DisplayData.fromText(bundle.getOrDefault("text/plain", ""));
        for (var e : bundle.entrySet()) {
            if (!e.getKey().equals("text/plain")) dd.putData(e.getKey(), e.getValue());
        }
        return dd;
    }

    @Override public String name() { return "Rapaio"; }

    @Override public boolean isNotebook() { return true; }

    @Override public String display(Map<String, String> bundle) {
        DisplayData dd = toDisplayData(bundle);
        String id = UUID.randomUUID().toString();
        dd.setDisplayId(id);
        MainApp.kernel.display(dd);
        return id;
    }

    @Override public void update(String id, Map<String, String> bundle) {
        DisplayData dd = toDisplayData(bundle);
        dd.setDisplayId(id);
        MainApp.kernel.updateDisplay(dd);
    }
}
