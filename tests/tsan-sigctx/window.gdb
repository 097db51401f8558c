# Deterministic demonstration of the lost signal under GCC 12's libtsan: stop the main
# thread inside SigCtx() (tsan_interceptors_posix.cpp:235-239, a non-atomic lazy init:
# load thr->signal_ctx, if null MmapOrDie + MemoryResetRange, then store) while its first
# blocking call creates the thread's ThreadSignalContext, send a real SIGUSR1 with
# kill(2), and let it run on.
# Usage: gdb -batch -x window.gdb --args PROGRAM [ARGS]     (its stdout: /tmp/window.out)
set pagination off
set language c++
set confirm off
set breakpoint pending on
handle SIGUSR1 nostop noprint pass
# After MmapOrDie() returned (context A), before thr->signal_ctx = A (line 239).
break tsan_interceptors_posix.cpp:238 if $_thread == 1
run > /tmp/window.out
echo \n=== 1. main thread inside SigCtx, creating its signal context A; caller:\n
bt 8
delete
set $thr = ((__tsan::ThreadState*)&__tsan::cur_thread_placeholder)->current
printf "thr->signal_ctx = %p (not stored yet)\n", $thr->signal_ctx
python import os; os.kill(gdb.selected_inferior().pid, 10); print("=== 2. kill(pid, SIGUSR1) sent")
break _Z10sighandleriPN11__sanitizer19__sanitizer_siginfoEPv
continue
echo \n=== 3. TSan's sighandler runs nested in SigCtx:\n
bt 3
printf "thr->signal_ctx = %p, sctx->in_blocking_func: none yet\n", $thr->signal_ctx
delete
finish
printf "=== 4. back from the handler: thr->signal_ctx = B = %p, B->pending_signals[SIGUSR1].armed = %d, thr->pending_signals = %d\n", $thr->signal_ctx, $thr->signal_ctx->pending_signals[10].armed, $thr->pending_signals.val_dont_use
set $B = $thr->signal_ctx
catch syscall poll
continue
delete
echo \n=== 5. at the blocking poll():\n
bt 3
printf "thr->signal_ctx = A = %p (B = %p overwritten)\n", $thr->signal_ctx, $B
printf "thr->pending_signals = %d; A->pending_signals[SIGUSR1].armed = %d; B->pending_signals[SIGUSR1].armed = %d, si_signo %d, si_pid %d\n", $thr->pending_signals.val_dont_use, $thr->signal_ctx->pending_signals[10].armed, $B->pending_signals[10].armed, *(int *)&$B->pending_signals[10].siginfo, *(int *)((char *)&$B->pending_signals[10].siginfo + 16)
python
import os, time
pid = gdb.selected_inferior().pid
gdb.execute("detach")
time.sleep(3)
print("=== 6. 3 s later, program output:")
print(open("/tmp/window.out").read(), end="")
print("".join(l for l in open(f"/proc/{pid}/status") if l.startswith(("SigPnd", "ShdPnd", "SigBlk"))), end="")
os.kill(pid, 9)
end
