# gdb -p PID -batch -x state.gdb: threads, and each thread's TSan signal state
# (GCC 12 libtsan, which ships with debug info).
set pagination off
set language c++
set max-value-size unlimited
thread apply all bt 12
python
for t in gdb.selected_inferior().threads():
    t.switch()
    try:
        thr = gdb.parse_and_eval("((__tsan::ThreadState*)&__tsan::cur_thread_placeholder)->current")
        if int(thr) == 0:
            print(f"LWP {t.ptid[1]}: no ThreadState (TSan's own thread)"); continue
        ctx = thr["signal_ctx"]
        line = (f"LWP {t.ptid[1]}: thr->signal_ctx={int(ctx):#x} pending_signals={int(thr['pending_signals']['val_dont_use'])}"
                f" in_signal_handler={int(thr['in_signal_handler']['val_dont_use'])} ignore_interceptors={int(thr['ignore_interceptors'])}")
        if int(ctx):
            line += (f" in_blocking_func={int(ctx['in_blocking_func']['val_dont_use'])}"
                     f" armed[SIGUSR1]={int(ctx['pending_signals'][10]['armed'])}")
        print(line)
    except gdb.error as e:
        print(f"LWP {t.ptid[1]}: {e}")
end
