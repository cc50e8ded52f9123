"""A tiny llama model written by the tests themselves (nothing is downloaded): ~100 KB of GGUF.

The weights are random, but its output layer leans on one direction of the embeddings so that a
greedy decoder prefers closing quotes and brackets: under a JSON grammar its answers are short
and end by themselves, and without a grammar it writes until ``max_tokens``. Quality is not the
point; the server's protocol, its grammar-constrained output and its limits are.

Vocabulary: SentencePiece style (``llama``), the control tokens, the printable ASCII characters,
the word boundary ``▁``, and the 256 byte tokens any other text falls back to.
"""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np

N_EMBD = 32
N_HEAD = 4
N_LAYER = 2
N_FF = 64
TRAIN_CONTEXT = 4096

# Per-token lean of the output layer: what a greedy decoder picks first among the allowed tokens.
LEAN = {'"': 6.0, "}": 6.0, "]": 5.0, ",": 4.0, ":": 4.0, "n": 3.5, "u": 3.5, "l": 3.5, "0": 3.0, "1": 3.0}


def _vocabulary() -> tuple[list[str], list[int]]:
    """Tokens and their types (gguf.TokenType): control, normal characters, bytes."""
    import gguf

    tokens = ["<unk>", "<s>", "</s>", "\u2581"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL, gguf.TokenType.NORMAL]
    for char in string.printable[:95]:  # digits, letters, punctuation, space
        if char != " ":
            tokens.append(char)
            types.append(gguf.TokenType.NORMAL)
    for byte in range(256):
        tokens.append(f"<0x{byte:02X}>")
        types.append(gguf.TokenType.BYTE)
    return tokens, [int(t) for t in types]


def _tensors(tokens: list[str], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights; the embeddings share a constant first component the output layer reads."""
    n_vocab = len(tokens)

    def noise(*shape: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    embeddings = noise(n_vocab, N_EMBD, scale=0.3)
    embeddings[:, 0] = 3.0
    output = noise(n_vocab, N_EMBD, scale=0.5)
    output[:, 0] = [LEAN.get(token, 2.0 if token.isalnum() else 0.0) for token in tokens]
    output[2, 0] = -8.0  # end of text only where a grammar allows nothing else
    tensors = {
        "token_embd.weight": embeddings,
        "output_norm.weight": np.ones(N_EMBD, dtype=np.float32),
        "output.weight": output,
    }
    for layer in range(N_LAYER):
        prefix = f"blk.{layer}."
        tensors |= {
            prefix + "attn_norm.weight": np.ones(N_EMBD, dtype=np.float32),
            prefix + "attn_q.weight": noise(N_EMBD, N_EMBD),
            prefix + "attn_k.weight": noise(N_EMBD, N_EMBD),
            prefix + "attn_v.weight": noise(N_EMBD, N_EMBD),
            prefix + "attn_output.weight": noise(N_EMBD, N_EMBD, scale=0.05),
            prefix + "ffn_norm.weight": np.ones(N_EMBD, dtype=np.float32),
            prefix + "ffn_gate.weight": noise(N_FF, N_EMBD),
            prefix + "ffn_up.weight": noise(N_FF, N_EMBD),
            prefix + "ffn_down.weight": noise(N_EMBD, N_FF, scale=0.05),
        }
    return tensors


def write_tiny_llama(path: Path, *, seed: int = 21) -> Path:
    """Write the model to ``path`` (GGUF, f32) and return it."""
    import gguf

    tokens, types = _vocabulary()
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("batchsite-tiny-test-llama")
    writer.add_context_length(TRAIN_CONTEXT)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores([0.0] * 4 + [-1.0] * 94 + [-1000.0] * 256)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    for name, tensor in _tensors(tokens, np.random.default_rng(seed)).items():
        writer.add_tensor(name, tensor)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
