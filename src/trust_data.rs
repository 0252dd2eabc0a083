//! The trust data a verifier checks marks against: the pinned roots, the trust list and
//! the revocation list, each list's signature checked, and the rule by which an updated
//! list replaces the one in use. It sits above both lists.

pub mod snapshot;

use core::fmt;
use std::sync::Arc;

use crate::list::{ListError, Roots};
use crate::revocation::delta::DeltaError;
use crate::revocation::index::{Index, Plan};
use crate::revocation::{self, RevocationList};
use crate::trust::{self, Demo, TrustList};

/// The five files of a trust directory, as bytes.
#[derive(Clone, Copy, Debug)]
pub struct TrustFiles<'a> {
    /// `roots.json`.
    pub roots: &'a [u8],
    /// `trust-list.json`.
    pub trust_list: &'a [u8],
    /// `trust-list.json.sig`.
    pub trust_list_sig: &'a [u8],
    /// `revocations.json`.
    pub revocations: &'a [u8],
    /// `revocations.json.sig`.
    pub revocations_sig: &'a [u8],
}

/// The file names of a trust directory.
pub const FILE_NAMES: [&str; 5] = [
    "roots.json",
    "trust-list.json",
    "trust-list.json.sig",
    "revocations.json",
    "revocations.json.sig",
];

/// A trust directory's error, naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustDirError {
    /// The file at fault, one of [`FILE_NAMES`].
    pub file: &'static str,
    /// What is wrong with it.
    pub error: ListError,
}

impl fmt::Display for TrustDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.error)
    }
}

impl std::error::Error for TrustDirError {}

/// Everything a verifier checks marks against: roots, trust list, revocation list,
/// each list's signature already checked. Cheap to clone (the lists are shared), so an
/// update makes a new value and the old one stays whole until it is dropped.
#[derive(Clone, Debug)]
pub struct TrustData {
    roots: Arc<Roots>,
    list: Arc<TrustList>,
    revocations: Arc<RevocationList>,
    demo: Demo,
    signatures: Signatures,
}

/// The signatures of the two lists in use: an update carrying the same one is the same list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signatures {
    /// The trust list's.
    pub trust_list: [u8; 64],
    /// The revocation list's.
    pub revocations: [u8; 64],
}

/// Why an updated list was refused; the list in use stays.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateError {
    /// Not signed by a pinned root (tampered, or another root), or not a valid list; the
    /// inner error says which.
    Invalid(ListError),
    /// A delta, signed, that cannot follow the revocation list in use.
    Delta(DeltaError),
    /// Signed and valid, but its sequence is not higher than the one in use: an old list
    /// offered again (a rollback), or a different list under a sequence already used.
    NotNewer {
        /// The offered list's sequence.
        sequence: u64,
        /// The sequence in use.
        in_use: u64,
    },
}

impl UpdateError {
    /// The code of [`UpdateError::NotNewer`].
    pub const NOT_NEWER: &'static str = "not-newer";

    /// A short stable identifier: `not-newer`, or the inner [`ListError::code`].
    pub fn code(&self) -> &'static str {
        match self {
            UpdateError::Invalid(e) => e.code(),
            UpdateError::Delta(e) => e.code(),
            UpdateError::NotNewer { .. } => UpdateError::NOT_NEWER,
        }
    }
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::Invalid(e) => e.fmt(f),
            UpdateError::Delta(e) => e.fmt(f),
            UpdateError::NotNewer { sequence, in_use } => write!(
                f,
                "sequence {sequence} is not higher than the {in_use} in use (an old list offered again?)"
            ),
        }
    }
}

impl std::error::Error for UpdateError {}

/// What an accepted update did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Updated {
    /// The list replaced the one in use.
    Replaced {
        /// The sequence it replaced.
        previous: u64,
    },
    /// The list is the one in use (same signature): nothing changed.
    AlreadyInUse,
}

impl TrustData {
    /// Checks and parses a trust directory's files: roots first, then each list's
    /// signature against the roots, then the list itself. `revocations.json` may also
    /// hold a compact list ([`revocation::compact`]).
    ///
    /// # Errors
    /// The first problem, naming its file.
    pub fn load(files: &TrustFiles<'_>, demo: Demo) -> Result<TrustData, TrustDirError> {
        let at = |file: &'static str| move |error| TrustDirError { file, error };
        let roots = Roots::parse(files.roots).map_err(at(FILE_NAMES[0]))?;
        let trust_list = roots
            .check_detached(
                trust::SIGNING_CONTEXT,
                files.trust_list,
                files.trust_list_sig,
            )
            .map_err(at(FILE_NAMES[2]))?;
        let list = TrustList::parse(files.trust_list, demo).map_err(at(FILE_NAMES[1]))?;
        let revocations_sig = roots
            .check_detached(
                revocation::signing_context(files.revocations),
                files.revocations,
                files.revocations_sig,
            )
            .map_err(at(FILE_NAMES[4]))?;
        let revocations = RevocationList::parse(files.revocations).map_err(at(FILE_NAMES[3]))?;
        Ok(TrustData {
            roots: Arc::new(roots),
            list: Arc::new(list),
            revocations: Arc::new(revocations),
            demo,
            signatures: Signatures {
                trust_list,
                revocations: revocations_sig,
            },
        })
    }

    /// The trust data compiled into this build (from `trust/`, or the directory named
    /// by `CERTMARK_TRUST_DIR` at build time), checked now.
    ///
    /// # Errors
    /// Only if the build embedded broken or unsigned data.
    pub fn bundled() -> Result<TrustData, TrustDirError> {
        TrustData::load(&BUNDLED, BUNDLED_DEMO)
    }

    /// This trust data with `list` as its trust list, if a pinned root signed it (`sig`
    /// is the `.sig` file's content), it parses under the same demo policy, and its
    /// sequence is higher than the one in use.
    ///
    /// # Errors
    /// See [`UpdateError`]; `self` is unchanged either way.
    pub fn with_trust_list(
        &self,
        list: &[u8],
        sig: &[u8],
    ) -> Result<(TrustData, Updated), UpdateError> {
        let in_use = (self.signatures.trust_list, self.list.sequence);
        let offered = self.check_update(
            trust::SIGNING_CONTEXT,
            list,
            sig,
            in_use,
            |b| TrustList::parse(b, self.demo),
            |l| l.sequence,
        )?;
        let Some((parsed, signature)) = offered else {
            return Ok((self.clone(), Updated::AlreadyInUse));
        };
        let mut next = self.clone();
        next.list = Arc::new(parsed);
        next.signatures.trust_list = signature;
        Ok((next, Updated::Replaced { previous: in_use.1 }))
    }

    /// This trust data with `list` (JSON or compact) as its revocation list, under the
    /// same rules as [`TrustData::with_trust_list`].
    ///
    /// # Errors
    /// See [`UpdateError`]; `self` is unchanged either way.
    pub fn with_revocations(
        &self,
        list: &[u8],
        sig: &[u8],
    ) -> Result<(TrustData, Updated), UpdateError> {
        let in_use = (self.signatures.revocations, self.revocations.sequence);
        let offered = self.check_update(
            revocation::signing_context(list),
            list,
            sig,
            in_use,
            RevocationList::parse,
            |l| l.sequence,
        )?;
        let Some((parsed, signature)) = offered else {
            return Ok((self.clone(), Updated::AlreadyInUse));
        };
        let mut next = self.clone();
        next.revocations = Arc::new(parsed);
        next.signatures.revocations = signature;
        Ok((next, Updated::Replaced { previous: in_use.1 }))
    }

    /// This trust data with a revocation delta applied: a pinned root signed it (its own
    /// signing context), and it follows the exact list in use or its last delta
    /// ([`RevocationList::with_delta`]). The list's signature in use stays the base
    /// list's.
    ///
    /// # Errors
    /// [`UpdateError::Invalid`] (signature, parse) or [`UpdateError::Delta`]; `self` is
    /// unchanged either way.
    pub fn with_revocation_delta(
        &self,
        delta: &[u8],
        sig: &[u8],
    ) -> Result<TrustData, UpdateError> {
        self.roots
            .check_detached(revocation::delta::SIGNING_CONTEXT, delta, sig)
            .map_err(UpdateError::Invalid)?;
        let list = self
            .revocations
            .with_delta(delta)
            .map_err(UpdateError::Delta)?;
        let mut next = self.clone();
        next.revocations = Arc::new(list);
        Ok(next)
    }

    /// What the signed revocation index `index` (with its `.sig` file `sig`) says to
    /// download to stay current from the revocation list in use, with the index.
    ///
    /// # Errors
    /// [`UpdateError::Invalid`]: not signed by a pinned root under the index's own
    /// context, or not an index.
    pub fn revocation_plan(&self, index: &[u8], sig: &[u8]) -> Result<(Index, Plan), UpdateError> {
        self.roots
            .check_detached(revocation::index::SIGNING_CONTEXT, index, sig)
            .map_err(UpdateError::Invalid)?;
        let index = Index::parse(index).map_err(UpdateError::Invalid)?;
        let plan = self.revocations.plan(&index);
        Ok((index, plan))
    }

    /// The update rule, once for both lists: a pinned root's signature first; then, unless
    /// it is the list in use (`in_use`: its signature and sequence; `Ok(None)`), a list
    /// that parses and has a higher sequence. Returns it with its signature.
    fn check_update<L>(
        &self,
        context: &[u8],
        list: &[u8],
        sig: &[u8],
        in_use: ([u8; 64], u64),
        parse: impl FnOnce(&[u8]) -> Result<L, ListError>,
        sequence: impl Fn(&L) -> u64,
    ) -> Result<Option<(L, [u8; 64])>, UpdateError> {
        let signature = self
            .roots
            .check_detached(context, list, sig)
            .map_err(UpdateError::Invalid)?;
        if signature == in_use.0 {
            return Ok(None);
        }
        let parsed = parse(list).map_err(UpdateError::Invalid)?;
        if sequence(&parsed) <= in_use.1 {
            return Err(UpdateError::NotNewer {
                sequence: sequence(&parsed),
                in_use: in_use.1,
            });
        }
        Ok(Some((parsed, signature)))
    }

    /// The pinned roots.
    pub fn roots(&self) -> &Roots {
        &self.roots
    }

    /// The trust list.
    pub fn list(&self) -> &TrustList {
        &self.list
    }

    /// The revocation list.
    pub fn revocations(&self) -> &RevocationList {
        &self.revocations
    }

    /// The signatures of the lists in use.
    pub fn signatures(&self) -> &Signatures {
        &self.signatures
    }

    /// Whether this is demo trust data: every verdict under it says DEMO.
    pub fn is_demo(&self) -> bool {
        self.list.has_demo()
    }
}

macro_rules! bundled_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("CERTMARK_TRUST_PATH"), "/", $name))
    };
}

/// The bundled trust directory's files.
pub const BUNDLED: TrustFiles<'static> = TrustFiles {
    roots: bundled_file!("roots.json"),
    trust_list: bundled_file!("trust-list.json"),
    trust_list_sig: bundled_file!("trust-list.json.sig"),
    revocations: bundled_file!("revocations.json"),
    revocations_sig: bundled_file!("revocations.json.sig"),
};

/// Whether this build accepts demo issuers: yes for the default demo trust directory,
/// otherwise only if `CERTMARK_ALLOW_DEMO=1` was set at build time.
#[cfg(certmark_demo)]
pub const BUNDLED_DEMO: Demo = Demo::Allow;
/// Whether this build accepts demo issuers: yes for the default demo trust directory,
/// otherwise only if `CERTMARK_ALLOW_DEMO=1` was set at build time.
#[cfg(not(certmark_demo))]
pub const BUNDLED_DEMO: Demo = Demo::Refuse;
