fn main() -> std::process::ExitCode {
    aac::main()
}
