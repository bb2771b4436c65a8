/**
 * Learning the invariances of a neural network through the marginal likelihood of its last layer
 * (Schwobel, Jorgensen, Ober and van der Wilk, AISTATS 2022). A network phi sees each input
 * under S transformations drawn from a sampled orbit with learnable ranges, its features are
 * averaged over the samples ({@link bms.invariance.lastlayer.OrbitAveragedFeatures}), and the
 * last layer is a Bayesian linear model on one-hot targets
 * ({@link bms.invariance.lastlayer.BayesianLinearRegression}) whose exact log marginal
 * likelihood trains the network weights, the orbit's ranges and the last layer's two variances
 * together ({@link bms.invariance.lastlayer.LastLayerClassifier}). The comparison is the same
 * network trained by softmax cross-entropy with the augmentation range held fixed
 * ({@link bms.invariance.lastlayer.CrossEntropyClassifier}): maximum likelihood cannot learn the
 * range, since the training loss is lowest without augmentation.
 */
package bms.invariance.lastlayer;
