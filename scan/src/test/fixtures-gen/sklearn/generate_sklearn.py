#!/usr/bin/python3
"""Fits every estimator of scikit-learn's all_estimators() on a tiny data set and saves it with joblib.

Writes scan/src/test/resources/fixtures-sklearn/<kind>/<Name>.joblib and MANIFEST.tsv (every file SAFE:
these are ordinary models), plus SKIPPED.tsv naming the estimators that could not be built or fitted and
why. Debian's scikit-learn: apt-get install -y python3-sklearn; run with /usr/bin/python3.
"""
import os
import sys
import warnings

import joblib
import numpy as np
import sklearn
from sklearn.utils import all_estimators

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "resources", "fixtures-sklearn"))
rng = np.random.RandomState(0)
X = np.abs(rng.rand(40, 4)) + 0.1          # positive: MultinomialNB, chi2-based selectors accept it
y_class = np.array([0, 1] * 20)
y_reg = X @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.01 * rng.rand(40)
y_multi = np.stack([y_class, 1 - y_class], axis=1)


def base_classifier():
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression()


def base_regressor():
    from sklearn.linear_model import Ridge
    return Ridge()


# Meta-estimators need their inner estimators; ordinary choices for each.
def required_args(name, kind):
    inner = base_classifier() if kind == "classifier" else base_regressor()
    if name in ("StackingClassifier", "VotingClassifier"):
        from sklearn.tree import DecisionTreeClassifier
        return {"estimators": [("lr", base_classifier()), ("dt", DecisionTreeClassifier(random_state=0))]}
    if name in ("StackingRegressor", "VotingRegressor"):
        from sklearn.tree import DecisionTreeRegressor
        return {"estimators": [("r", base_regressor()), ("dt", DecisionTreeRegressor(random_state=0))]}
    if name in ("ClassifierChain", "SelfTrainingClassifier"):
        return {"base_estimator": base_classifier()}  # scikit-learn 1.2 still calls it base_estimator
    if name == "RegressorChain":
        return {"base_estimator": base_regressor()}
    if name in ("MultiOutputClassifier", "OneVsOneClassifier", "OneVsRestClassifier", "OutputCodeClassifier",
                "CalibratedClassifierCV"):
        return {"estimator": base_classifier()}
    if name == "RANSACRegressor":
        return {"estimator": base_regressor(), "min_samples": 5}
    if name in ("CCA", "PLSCanonical", "PLSSVD", "GaussianRandomProjection", "SparseRandomProjection"):
        return {"n_components": 1}
    if name == "SelectKBest":
        return {"k": 2}
    if name in ("MultiOutputRegressor", "TransformedTargetRegressor"):
        return {"regressor": base_regressor()} if name == "TransformedTargetRegressor" else {"estimator": base_regressor()}
    if name in ("RFE", "RFECV", "SelectFromModel", "SequentialFeatureSelector"):
        return {"estimator": base_classifier()}
    if name in ("GridSearchCV",):
        return {"estimator": base_classifier(), "param_grid": {"C": [1.0]}, "cv": 2}
    if name in ("RandomizedSearchCV",):
        return {"estimator": base_classifier(), "param_distributions": {"C": [1.0]}, "n_iter": 1, "cv": 2}
    if name in ("HalvingGridSearchCV", "HalvingRandomSearchCV"):
        return None
    if name == "ColumnTransformer":
        from sklearn.preprocessing import StandardScaler
        return {"transformers": [("s", StandardScaler(), [0, 1])]}
    if name == "FeatureUnion":
        from sklearn.decomposition import PCA
        from sklearn.preprocessing import StandardScaler
        return {"transformer_list": [("s", StandardScaler()), ("p", PCA(n_components=2))]}
    if name == "Pipeline":
        from sklearn.preprocessing import StandardScaler
        return {"steps": [("s", StandardScaler()), ("lr", base_classifier())]}
    if name == "SparseCoder":
        return {"dictionary": rng.rand(3, 4)}
    return {}


def fit(name, est, kind):
    if name in ("MultiOutputClassifier", "ClassifierChain"):
        return est.fit(X, y_multi)
    if name in ("MultiOutputRegressor", "RegressorChain", "MultiTaskLasso", "MultiTaskLassoCV",
                "MultiTaskElasticNet", "MultiTaskElasticNetCV"):
        return est.fit(X, np.stack([y_reg, -y_reg], axis=1))
    if name == "IsotonicRegression":
        return est.fit(X[:, 0], y_reg)
    if name in ("CountVectorizer", "TfidfVectorizer"):
        return est.fit(["the cat sat", "the dog ran", "a cat ran"])
    if name == "DictVectorizer":
        return est.fit([{"a": 1.0, "b": 2.0}, {"a": 3.0, "c": 1.0}])
    if name == "KernelCenterer":
        return est.fit(X @ X.T)
    if name in ("LabelBinarizer", "LabelEncoder"):
        return est.fit(y_class)
    if name in ("GammaRegressor", "PoissonRegressor"):
        return est.fit(X, np.abs(y_reg) + 1.0)
    if kind == "classifier":
        return est.fit(X, y_class)
    if kind == "regressor":
        return est.fit(X, y_reg)
    try:
        return est.fit(X, y_class)
    except TypeError:
        return est.fit(X)


def main():
    warnings.simplefilter("ignore")
    rows, skipped = [], []
    seen = set()
    for kind in ("classifier", "regressor", "transformer", "cluster", None):
        for name, cls in all_estimators(type_filter=kind):
            if name in seen:
                continue
            seen.add(name)
            folder = kind or "other"
            args = required_args(name, kind)
            if args is None:
                skipped.append((name, "experimental (needs sklearn.experimental import)"))
                continue
            try:
                est = cls(**args)
                if "random_state" in est.get_params():
                    est.set_params(random_state=0)
                fit(name, est, kind)
            except Exception as e:  # an estimator that cannot be fitted on this data is listed, not hidden
                skipped.append((name, type(e).__name__ + ": " + str(e).splitlines()[0][:150]))
                continue
            rel = folder + "/" + name + ".joblib"
            os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
            joblib.dump(est, os.path.join(ROOT, rel), compress=3)
            rows.append((rel, "SAFE", "-", "scikit-learn %s %s fitted on 40x4 (joblib, zlib 3)" % (sklearn.__version__, name)))
    with open(os.path.join(ROOT, "MANIFEST.tsv"), "w") as f:
        f.write("path\texpected\trules\tdescription\n")
        for r in sorted(rows):
            f.write("\t".join(r) + "\n")
    with open(os.path.join(ROOT, "SKIPPED.tsv"), "w") as f:
        f.write("estimator\twhy\n")
        for s in sorted(skipped):
            f.write("\t".join(s) + "\n")
    print("wrote %d estimators, skipped %d" % (len(rows), len(skipped)), file=sys.stderr)


if __name__ == "__main__":
    main()
