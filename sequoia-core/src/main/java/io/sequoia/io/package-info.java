/**
 * Files: safetensors weights (byte-compatible with Hugging Face's {@code safetensors}), atomic
 * writes, and the model folder ({@code config.json} + {@code model.safetensors} + extras).
 */
package io.sequoia.io;
