//! Typed indices into a compiled model: a call type, a group, an agent, an
//! entry number or an IVR menu is never confused with another `usize`.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(u32);

        impl $name {
            /// The id of position `index` (indices fit in 32 bits: the
            /// scenario's limits are far below).
            #[inline]
            pub const fn new(index: usize) -> Self {
                Self(index as u32)
            }

            /// The position in the model's tables.
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A call type of the model.
    CallTypeId
);
id!(
    /// An agent group of the model.
    GroupId
);
id!(
    /// An agent slot of a replication (slots of agents who left are reused).
    AgentId
);
id!(
    /// An entry number answered by an IVR.
    EntryId
);
id!(
    /// An IVR menu.
    NodeId
);

/// Where a call attempt comes in: straight to a call type's queue, or at an
/// entry number answered by an IVR. A caller who calls again comes back here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceId {
    CallType(CallTypeId),
    Entry(EntryId),
}
