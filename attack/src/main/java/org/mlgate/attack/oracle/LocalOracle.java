package org.mlgate.attack.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlgate.train.pkg.Predictor;

/**
 * A model queried in process: full-precision probabilities, or with {@code labelsOnly} the class alone (what a
 * label policy would show, for measuring label-only attacks without a server).
 */
public record LocalOracle(Predictor predictor, String describe, boolean labelsOnly) implements Oracle {
    @Override
    public List<Answer> ask(List<Map<String, Object>> rows) {
        List<double[]> p = predictor.predict(rows);
        List<String> classes = predictor.classes();
        List<Answer> out = new ArrayList<>(p.size());
        for (double[] probs : p) {
            int best = 0;
            for (int c = 1; c < probs.length; c++) {
                if (probs[c] > probs[best]) {
                    best = c;
                }
            }
            out.add(new Answer(classes.get(best), labelsOnly ? null : probs, null));
        }
        return out;
    }
}
