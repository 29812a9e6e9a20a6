//! `landscape serve`: build, then serve the output on 127.0.0.1 for a local look.
//!
//! A small blocking HTTP/1.1 file server: enough to browse the site and run the browser
//! tests; not a production server. Only GET and HEAD, only files inside the output folder.

use super::build::parse_date;
use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::pipeline::{self, Options};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

pub fn run(args: &Args) -> ExitCode {
    let output = args.output.clone().unwrap_or_else(|| args.root.join("public"));
    let opts = Options {
        root: args.root.clone(),
        output: output.clone(),
        base_url: Some("/".into()),
        today: args.today.unwrap_or_else(Date::today),
        force: false,
    };
    let mut diags = Diagnostics::default();
    let built = pipeline::build(&opts, &mut diags);
    diags.sort();
    eprint!("{}", diags.render_human(&args.root));
    if built.is_err() {
        eprintln!("error: the build failed; fix the errors above");
        return ExitCode::from(1);
    }
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().expect("bound");
    println!("serving {} at http://{addr}/ (Ctrl-C to stop)", output.display());
    let _ = std::io::stdout().flush();
    for stream in listener.incoming().flatten() {
        let root = output.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
    ExitCode::SUCCESS
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request)? == 0 {
            return Ok(());
        }
        let mut keep_alive = true;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
                break;
            }
            if h.to_ascii_lowercase().starts_with("connection: close") {
                keep_alive = false;
            }
        }
        let mut parts = request.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let (status, ctype, body) = respond(root, method, target);
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        if !keep_alive {
            return Ok(());
        }
    }
}

fn respond(root: &Path, method: &str, target: &str) -> (&'static str, &'static str, Vec<u8>) {
    if method != "GET" && method != "HEAD" {
        return ("405 Method Not Allowed", "text/plain", b"method not allowed".to_vec());
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    let mut file = if rel.is_empty() {
        root.join("index.html")
    } else {
        match crate::write::safe_relative(rel) {
            Ok(p) => root.join(p),
            Err(_) => return ("400 Bad Request", "text/plain", b"bad path".to_vec()),
        }
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(b) => ("200 OK", content_type(&file), b),
        Err(_) => {
            ("404 Not Found", "text/html; charset=utf-8", std::fs::read(root.join("404.html")).unwrap_or_default())
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("bin") | Some("pf_meta") | Some("pf_index") | Some("pf_fragment") => "application/octet-stream",
        _ => "application/octet-stream",
    }
}
