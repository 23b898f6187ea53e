;; http-wat: a hand-written wasi:http/proxy@0.2.0 component whose
;; incoming-handler.handle answers every request with 200 and the body
;; "hello, world\n". It is the hello-world for load benchmarks: a few hundred
;; bytes, no WASI besides wasi:io and wasi:http, nothing to initialise.
;;
;; Each imported instance type lists only the functions and types the handler
;; uses; a host's full instance is a subtype of it.
(component
  (type $io-error-type (instance
    (export "error" (type (sub resource)))
  ))
  (import "wasi:io/error@0.2.0" (instance $io-error (type $io-error-type)))
  (alias export $io-error "error" (type $error))

  (type $streams-type (instance
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $error-t (eq $error-outer)))
    (type $own-error (own $error-t))
    (type $stream-error-v (variant (case "last-operation-failed" $own-error) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-v)))
    (export "output-stream" (type $output-stream (sub resource)))
    (type $borrow-output-stream (borrow $output-stream))
    (type $bytes (list u8))
    (type $write-result (result (error $stream-error)))
    (type $write-fn (func (param "self" $borrow-output-stream) (param "contents" $bytes) (result $write-result)))
    (export "[method]output-stream.blocking-write-and-flush" (func (type $write-fn)))
  ))
  (import "wasi:io/streams@0.2.0" (instance $streams (type $streams-type)))
  (alias export $streams "output-stream" (type $output-stream))

  (type $http-types-type (instance
    (alias outer 1 $output-stream (type $output-stream-outer))
    (export "output-stream" (type $output-stream-t (eq $output-stream-outer)))
    (type $option-string (option string))
    (type $option-u16 (option u16))
    (type $dns-error-payload-r (record (field "rcode" $option-string) (field "info-code" $option-u16)))
    (export "DNS-error-payload" (type $dns-error-payload (eq $dns-error-payload-r)))
    (type $option-u8 (option u8))
    (type $tls-alert-payload-r (record (field "alert-id" $option-u8) (field "alert-message" $option-string)))
    (export "TLS-alert-received-payload" (type $tls-alert-payload (eq $tls-alert-payload-r)))
    (type $option-u32 (option u32))
    (type $field-size-payload-r (record (field "field-name" $option-string) (field "field-size" $option-u32)))
    (export "field-size-payload" (type $field-size-payload (eq $field-size-payload-r)))
    (type $option-u64 (option u64))
    (type $option-field-size-payload (option $field-size-payload))
    (type $error-code-v (variant
      (case "DNS-timeout")
      (case "DNS-error" $dns-error-payload)
      (case "destination-not-found")
      (case "destination-unavailable")
      (case "destination-IP-prohibited")
      (case "destination-IP-unroutable")
      (case "connection-refused")
      (case "connection-terminated")
      (case "connection-timeout")
      (case "connection-read-timeout")
      (case "connection-write-timeout")
      (case "connection-limit-reached")
      (case "TLS-protocol-error")
      (case "TLS-certificate-error")
      (case "TLS-alert-received" $tls-alert-payload)
      (case "HTTP-request-denied")
      (case "HTTP-request-length-required")
      (case "HTTP-request-body-size" $option-u64)
      (case "HTTP-request-method-invalid")
      (case "HTTP-request-URI-invalid")
      (case "HTTP-request-URI-too-long")
      (case "HTTP-request-header-section-size" $option-u32)
      (case "HTTP-request-header-size" $option-field-size-payload)
      (case "HTTP-request-trailer-section-size" $option-u32)
      (case "HTTP-request-trailer-size" $field-size-payload)
      (case "HTTP-response-incomplete")
      (case "HTTP-response-header-section-size" $option-u32)
      (case "HTTP-response-header-size" $field-size-payload)
      (case "HTTP-response-body-size" $option-u64)
      (case "HTTP-response-trailer-section-size" $option-u32)
      (case "HTTP-response-trailer-size" $field-size-payload)
      (case "HTTP-response-transfer-coding" $option-string)
      (case "HTTP-response-content-coding" $option-string)
      (case "HTTP-response-timeout")
      (case "HTTP-upgrade-failed")
      (case "HTTP-protocol-error")
      (case "loop-detected")
      (case "configuration-error")
      (case "internal-error" $option-string)))
    (export "error-code" (type $error-code (eq $error-code-v)))
    (export "fields" (type $fields (sub resource)))
    (export "headers" (type $headers (eq $fields)))
    (export "trailers" (type $trailers (eq $fields)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))

    (type $own-fields (own $fields))
    (type $fields-new-fn (func (result $own-fields)))
    (export "[constructor]fields" (func (type $fields-new-fn)))

    (type $own-headers (own $headers))
    (type $own-outgoing-response (own $outgoing-response))
    (type $response-new-fn (func (param "headers" $own-headers) (result $own-outgoing-response)))
    (export "[constructor]outgoing-response" (func (type $response-new-fn)))

    (type $borrow-outgoing-response (borrow $outgoing-response))
    (type $own-outgoing-body (own $outgoing-body))
    (type $body-result (result $own-outgoing-body))
    (type $response-body-fn (func (param "self" $borrow-outgoing-response) (result $body-result)))
    (export "[method]outgoing-response.body" (func (type $response-body-fn)))

    (type $borrow-outgoing-body (borrow $outgoing-body))
    (type $own-output-stream (own $output-stream-t))
    (type $stream-result (result $own-output-stream))
    (type $body-write-fn (func (param "self" $borrow-outgoing-body) (result $stream-result)))
    (export "[method]outgoing-body.write" (func (type $body-write-fn)))

    (type $own-trailers (own $trailers))
    (type $option-trailers (option $own-trailers))
    (type $finish-result (result (error $error-code)))
    (type $body-finish-fn (func (param "this" $own-outgoing-body) (param "trailers" $option-trailers) (result $finish-result)))
    (export "[static]outgoing-body.finish" (func (type $body-finish-fn)))

    (type $own-response-outparam (own $response-outparam))
    (type $response-or-error (result $own-outgoing-response (error $error-code)))
    (type $outparam-set-fn (func (param "param" $own-response-outparam) (param "response" $response-or-error)))
    (export "[static]response-outparam.set" (func (type $outparam-set-fn)))
  ))
  (import "wasi:http/types@0.2.0" (instance $http-types (type $http-types-type)))
  (alias export $http-types "incoming-request" (type $incoming-request))
  (alias export $http-types "response-outparam" (type $response-outparam))

  ;; Linear memory and cabi_realloc live in their own core instance so the
  ;; lowered imports the handler needs can name them. Layout: the body text
  ;; at 16, a return area at 64, and a bump allocator from 1024 up for
  ;; whatever a lowered result allocates (only an error-code string from
  ;; outgoing-body.finish could); each call to handle starts it over.
  (core module $alloc
    (memory (export "memory") 1)
    (global $bump (export "bump") (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      (if (local.get $old) (then unreachable))
      (local.set $ptr
        (i32.and
          (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (global.set $bump (i32.add (local.get $ptr) (local.get $size)))
      (if (i32.gt_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536)))
        (then unreachable))
      (local.get $ptr))
  )
  (core instance $alloc-instance (instantiate $alloc))

  (core module $handler
    (import "alloc" "memory" (memory 1))
    (import "alloc" "bump" (global $bump (mut i32)))
    (import "http" "fields-new" (func $fields-new (result i32)))
    (import "http" "response-new" (func $response-new (param i32) (result i32)))
    (import "http" "response-body" (func $response-body (param i32 i32)))
    (import "http" "body-write" (func $body-write (param i32 i32)))
    (import "http" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "http" "outparam-set" (func $outparam-set
      (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "http" "drop-incoming-request" (func $drop-incoming-request (param i32)))
    (import "io" "blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
    (import "io" "drop-output-stream" (func $drop-output-stream (param i32)))

    (data (i32.const 16) "hello, world\n")

    ;; handle(request: own<incoming-request>, response-out: own<response-outparam>)
    (func (export "handle") (param $request i32) (param $out i32)
      (local $response i32)
      (local $body i32)
      (local $stream i32)
      (global.set $bump (i32.const 1024))
      (call $drop-incoming-request (local.get $request))
      ;; The status code defaults to 200.
      (local.set $response (call $response-new (call $fields-new)))
      ;; result<own<outgoing-body>> at 64: tag byte, handle at 68.
      (call $response-body (local.get $response) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then unreachable))
      (local.set $body (i32.load (i32.const 68)))
      ;; Hand the response over (case ok) before writing the body. The
      ;; flattened result<own<outgoing-response>, error-code> is a case
      ;; index and 7 joined payload slots.
      (call $outparam-set (local.get $out)
        (i32.const 0) (local.get $response)
        (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then unreachable))
      (local.set $stream (i32.load (i32.const 68)))
      (call $write (local.get $stream) (i32.const 16) (i32.const 13) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then unreachable))
      ;; The stream is a child of the body: drop it before finishing.
      (call $drop-output-stream (local.get $stream))
      ;; finish(this, trailers: none) -> result<_, error-code> at 64.
      (call $body-finish (local.get $body) (i32.const 0) (i32.const 0) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then unreachable)))
  )

  (alias export $http-types "[constructor]fields" (func $fields-new))
  (alias export $http-types "[constructor]outgoing-response" (func $response-new))
  (alias export $http-types "[method]outgoing-response.body" (func $response-body))
  (alias export $http-types "[method]outgoing-body.write" (func $body-write))
  (alias export $http-types "[static]outgoing-body.finish" (func $body-finish))
  (alias export $http-types "[static]response-outparam.set" (func $outparam-set))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))

  (core func $fields-new-core (canon lower (func $fields-new)))
  (core func $response-new-core (canon lower (func $response-new)))
  (core func $response-body-core (canon lower (func $response-body)
    (memory (core memory $alloc-instance "memory"))))
  (core func $body-write-core (canon lower (func $body-write)
    (memory (core memory $alloc-instance "memory"))))
  (core func $body-finish-core (canon lower (func $body-finish)
    (memory (core memory $alloc-instance "memory"))
    (realloc (core func $alloc-instance "cabi_realloc"))))
  (core func $outparam-set-core (canon lower (func $outparam-set)
    (memory (core memory $alloc-instance "memory"))))
  (core func $drop-incoming-request-core (canon resource.drop $incoming-request))
  (core func $write-core (canon lower (func $write)
    (memory (core memory $alloc-instance "memory"))))
  (core func $drop-output-stream-core (canon resource.drop $output-stream))

  (core instance $handler-instance (instantiate $handler
    (with "alloc" (instance $alloc-instance))
    (with "http" (instance
      (export "fields-new" (func $fields-new-core))
      (export "response-new" (func $response-new-core))
      (export "response-body" (func $response-body-core))
      (export "body-write" (func $body-write-core))
      (export "body-finish" (func $body-finish-core))
      (export "outparam-set" (func $outparam-set-core))
      (export "drop-incoming-request" (func $drop-incoming-request-core))))
    (with "io" (instance
      (export "blocking-write-and-flush" (func $write-core))
      (export "drop-output-stream" (func $drop-output-stream-core))))))

  (type $own-incoming-request (own $incoming-request))
  (type $own-response-outparam (own $response-outparam))
  (type $handle-fn (func (param "request" $own-incoming-request) (param "response-out" $own-response-outparam)))
  (func $handle (type $handle-fn) (canon lift (core func $handler-instance "handle")))

  (instance $incoming-handler
    (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler))
)
