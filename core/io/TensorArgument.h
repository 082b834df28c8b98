#pragma once
// A tensor named on the command line or in a session: `file.npy`, `file.npz:name`,
// `file.safetensors:name` or `file.pt:dotted.key` (any file TensorFile opens).

#include <string>

#include "core/common/Array.h"
#include "core/common/Result.h"

namespace attnscope {

struct TensorArgument {
    std::string path;
    std::string member;  // empty for a whole-file tensor
    /// Splits at the colon after a container extension (.npz, .safetensors, .pt, .pth, .bin);
    /// a spec naming an existing file is taken whole, so paths with colons still work.
    static TensorArgument parse(const std::string& spec);
};

/// Loads the tensor as float32; the error names the file and what is wrong.
Result<Tensor> loadTensorArgument(const std::string& spec);

}  // namespace attnscope
