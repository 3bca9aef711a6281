package org.jepa.workbench;

import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.objective.VICReg;

/** Run by {@link BackendTest} in a JVM of its own: builds a model (the library's first use of ND4J) and nothing else. */
public final class BackendRequestMain {
    private BackendRequestMain() {
    }

    public static void main(String[] args) {
        try {
            Jepa.siamese(Mlp.of(8, 4), VICReg.defaults()).build();
            System.out.println("built without complaint");
        } catch (WorkbenchException e) {
            System.out.println("WorkbenchException: " + e.getMessage());
            System.exit(3);
        }
    }
}
