#pragma once
// Private to the solvers layer: runs a model callback for a SUNDIALS C
// callback so that no C++ exception crosses the C boundary. An exception
// becomes SUNDIALS' fatal return code (-1) and its message is kept for the
// result struct; the callback's own code (0 ok, > 0 recoverable, < 0 fatal)
// passes through.
#include <exception>
#include <string>

namespace hydrosim::solvers {

template <typename Callback>
int guarded_callback(std::string& error_message, const char* what, Callback&& callback) {
  try {
    return callback();
  } catch (const std::exception& error) {
    error_message = error.what();
  } catch (...) {
    error_message = std::string("unknown exception in the ") + what;
  }
  return -1;
}

}  // namespace hydrosim::solvers
