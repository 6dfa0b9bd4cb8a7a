; What a function body uses: built-in variables, calls by name, and identifiers (for
; file-scope `extern __shared__` arrays). Captures are read by src/translate/program.ts.
((identifier) @builtin
  (#match? @builtin "^(threadIdx|blockIdx|blockDim|gridDim|warpSize)$"))

(call_expression
  function: (identifier) @callee) @call

(identifier) @identifier

(call_expression
  function: (template_function
    name: (identifier) @callee)) @call

; `ns::f(x)`, `a::b::f(x)`, `ns::f<T>(x)`: a function of one of the file's namespaces (src/translate/namespaces.ts)
(call_expression
  function: (qualified_identifier
    name: [(identifier) @callee
           (template_function name: (identifier) @callee)
           (qualified_identifier name: [(identifier) @callee
                                        (template_function name: (identifier) @callee)
                                        (qualified_identifier name: [(identifier) @callee
                                                                     (template_function name: (identifier) @callee)])])])) @call
