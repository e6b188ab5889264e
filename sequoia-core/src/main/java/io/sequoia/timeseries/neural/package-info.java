/** Neural forecasters on the recurrent and attention layers: recursive and direct strategies, encoder–decoder, covariates, interval heads. */
package io.sequoia.timeseries.neural;
