package org.jepa.workbench.video;

/**
 * The laws a violation-of-expectation pair breaks (Riochet et al., IntPhys 2018; Garrido et al. 2025,
 * arXiv 2502.11831): the impossible clip equals the possible one up to one event.
 */
public enum Violation {
    /** Object permanence: the ball vanishes while behind the occluder and never comes out. */
    PERMANENCE("object permanence", "the ball vanishes behind the occluder"),
    /** Continuity: the ball jumps 10 px in one frame and moves on from there. */
    CONTINUITY("continuity", "the ball teleports 10 px"),
    /** Solidity: the ball passes through the shelf instead of bouncing off it. */
    SOLIDITY("solidity", "the ball passes through the shelf"),
    /** Shape constancy: the ball's radius grows by 60 % in one frame. */
    SIZE("shape constancy", "the ball grows by 60 %");

    private final String law;
    private final String event;

    Violation(String law, String event) {
        this.law = law;
        this.event = event;
    }

    /** The law broken, e.g. "object permanence". */
    public String law() {
        return law;
    }

    /** What happens in the impossible clip. */
    public String event() {
        return event;
    }
}
