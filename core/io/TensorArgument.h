#pragma once
// A tensor named on the command line or in a session: `file.npy` or `file.npz:name`.

#include <string>

#include "common/Array.h"
#include "common/Result.h"

namespace attnscope {

struct TensorArgument {
    std::string path;
    std::string member;  // empty for a whole-file tensor
    static TensorArgument parse(const std::string& spec);
};

/// Loads the tensor as float32; the error names the file and what is wrong.
Result<Tensor> loadTensorArgument(const std::string& spec);

}  // namespace attnscope
