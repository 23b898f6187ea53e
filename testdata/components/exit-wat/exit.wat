;; exit-wat: a hand-written wasi:cli/command whose exit status is its first
;; argument, through wasi:cli/exit.exit-with-code (unstable in WASI 0.2, so
;; no preview1 adapter can produce it):
;;
;;   exit-wat N      exits with status N (decimal, taken modulo 256)
;;   exit-wat loop   spins forever (for interrupting a running guest)
;;   exit-wat trap   traps (unreachable); so does any other argument not
;;                   starting with a digit
;;   exit-wat        run returns err (status 1)
;;
;; It imports wasi:cli/environment@0.2.0 and wasi:cli/exit@0.2.3, so it also
;; shows that older 0.2.x imports link to a newer host. Memory and the
;; realloc for get-arguments live in their own core module, instantiated
;; first, so that the lowered imports need no indirection table.
(component
  (type $env-type (instance
    (type $args (list string))
    (export "get-arguments" (func (result $args)))
  ))
  (import "wasi:cli/environment@0.2.0" (instance $env (type $env-type)))
  (type $exit-type (instance
    (export "exit-with-code" (func (param "status-code" u8)))
  ))
  (import "wasi:cli/exit@0.2.3" (instance $exit (type $exit-type)))

  (core module $Mem
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 1024))
    ;; A bump allocator: (old-ptr old-size align size) -> ptr.
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p
        (i32.and
          (i32.sub (i32.add (global.get $bump) (local.get 2)) (i32.const 1))
          (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
  )
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))

  (alias export $env "get-arguments" (func $get-arguments))
  (core func $get-arguments-lowered (canon lower (func $get-arguments) (memory $memory) (realloc $realloc)))
  (alias export $exit "exit-with-code" (func $exit-with-code))
  (core func $exit-lowered (canon lower (func $exit-with-code)))

  (core module $Main
    (import "host" "memory" (memory 1))
    (import "host" "get-arguments" (func $get-arguments (param i32)))
    (import "host" "exit-with-code" (func $exit (param i32)))
    ;; run: () -> result; returns 1 (err) without an argument.
    (func (export "run") (result i32)
      (local $list i32) (local $s i32) (local $len i32) (local $i i32) (local $code i32) (local $c i32)
      (call $get-arguments (i32.const 16))
      (local.set $list (i32.load (i32.const 16)))
      (if (i32.lt_u (i32.load (i32.const 20)) (i32.const 2))
        (then (return (i32.const 1))))
      ;; argument 1: the second (ptr, len) pair of the list
      (local.set $s (i32.load offset=8 (local.get $list)))
      (local.set $len (i32.load offset=12 (local.get $list)))
      (if (i32.eqz (local.get $len)) (then unreachable))
      (if (i32.eq (i32.load8_u (local.get $s)) (i32.const 108)) ;; 'l'
        (then (loop $spin (br $spin))))
      (block $done
        (loop $digits
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $c (i32.sub (i32.load8_u (i32.add (local.get $s) (local.get $i))) (i32.const 48)))
          (if (i32.gt_u (local.get $c) (i32.const 9)) (then unreachable))
          (local.set $code (i32.add (i32.mul (local.get $code) (i32.const 10)) (local.get $c)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $digits)))
      (call $exit (i32.and (local.get $code) (i32.const 255)))
      (i32.const 0))
  )
  (core instance $host
    (export "memory" (memory $memory))
    (export "get-arguments" (func $get-arguments-lowered))
    (export "exit-with-code" (func $exit-lowered)))
  (core instance $main (instantiate $Main (with "host" (instance $host))))

  (type $run-type (func (result (result))))
  (func $run (type $run-type) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance))
)
