// hello-p1: the smallest useful WASI preview1 command, used to compare
// `weft run hello-p1.wasm` (the component) against `wazero run hello.wasm`
// (the same program as a plain wasip1 module).
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
