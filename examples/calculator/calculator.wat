;; The calculator example: a component exporting the interface
;; example:calculator/math with
;;
;;   add:  func(a: f64, b: f64) -> f64
;;   sqrt: func(x: f64) -> result<f64, string>
;;
;; Rebuild calculator.wasm with ./build.sh.
(component
  (core module $impl
    (memory (export "memory") 1)
    ;; result<f64, string> return area at 16: tag (u8) at +0, payload at +8.
    (data (i32.const 64) "square root of a negative number")

    (func (export "add") (param f64 f64) (result f64)
      (f64.add (local.get 0) (local.get 1)))

    (func (export "sqrt") (param $x f64) (result i32)
      (if (f64.lt (local.get $x) (f64.const 0))
        (then
          (i32.store8 (i32.const 16) (i32.const 1))
          (i32.store (i32.const 24) (i32.const 64))
          (i32.store (i32.const 28) (i32.const 32)))
        (else
          (i32.store8 (i32.const 16) (i32.const 0))
          (f64.store (i32.const 24) (f64.sqrt (local.get $x)))))
      (i32.const 16))

    ;; A bump allocator above the static data, for hosts that pass strings in.
    (global $next (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
          (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq
                (memory.grow
                  (i32.div_u
                    (i32.add (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
                             (i32.const 65535))
                    (i32.const 65536)))
                (i32.const -1))
            (then unreachable))))
      (local.get $p))
  )
  (core instance $i (instantiate $impl))

  (type $sqrt-result (result f64 (error string)))
  (func $add (param "a" f64) (param "b" f64) (result f64)
    (canon lift (core func $i "add")))
  (func $sqrt (param "x" f64) (result $sqrt-result)
    (canon lift (core func $i "sqrt") (memory (core memory $i "memory"))))

  (instance $math
    (export "add" (func $add))
    (export "sqrt" (func $sqrt)))
  (export "example:calculator/math" (instance $math))
)
