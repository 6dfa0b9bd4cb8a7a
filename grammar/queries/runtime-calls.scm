; Calls of CUDA runtime API functions (cudaMalloc, cudaMemcpy, ...) anywhere in the file.
(call_expression
  function: (identifier) @function
  (#match? @function "^cuda[A-Z]")) @call
