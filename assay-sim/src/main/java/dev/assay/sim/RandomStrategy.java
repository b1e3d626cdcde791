package dev.assay.sim;

import dev.assay.model.Fault;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Chaos Monkey style: a uniformly random target, fault class and level every time. */
final class RandomStrategy implements Strategy {
    private final List<String> services;
    private final Learner learner;
    private final SplittableRandom random;

    RandomStrategy(List<String> services, Learner learner, SplittableRandom random) {
        this.services = services;
        this.learner = learner;
        this.random = random;
    }

    @Override
    public Optional<Fault> next() {
        String target = services.get(random.nextInt(services.size()));
        var c = StrategyKind.CLASSES[random.nextInt(StrategyKind.CLASSES.length)];
        return Optional.of(learner.fault(c, target, random.nextInt(learner.levels())));
    }
}
