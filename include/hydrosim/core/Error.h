#pragma once
// One exception family for hydrosim. The CLI turns each kind into an exit code:
// InputError -> 2 (the user must fix the input), SolveError -> 1 (the model
// could not be solved), anything else -> 1.
#include <stdexcept>
#include <string>

namespace hydrosim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: malformed files, unknown names, wrong units. The message names
// where (file:line:column, or the command-line option) and what was expected.
class InputError : public Error {
 public:
  using Error::Error;
};

// A model that could not be solved: non-converged recycle, failed integration.
// The message names the unit or tear stream and why.
class SolveError : public Error {
 public:
  using Error::Error;
};

}  // namespace hydrosim
