package wit

// cloner copies world-owned types (and anonymous interfaces) from one world
// into another when a world includes another, so the includer owns copies.
type cloner struct {
	r          *Resolve
	types      map[TypeID]TypeID
	interfaces map[InterfaceID]InterfaceID
	prevOwner  Owner
	newOwner   Owner
	newPackage *PackageID
}

func newCloner(r *Resolve, prev, next Owner) *cloner {
	return &cloner{r: r, types: map[TypeID]TypeID{}, interfaces: map[InterfaceID]InterfaceID{}, prevOwner: prev, newOwner: next}
}

func (c *cloner) worldItem(key WorldKey, item *WorldItem) {
	if key.IsInterface {
		return
	}
	switch item.Kind {
	case WorldType:
		c.typeID(&item.Type)
	case WorldFunction:
		f := *item.Function
		c.function(&f)
		item.Function = &f
	case WorldInterface:
		if c.r.Interfaces[item.Interface].Name != "" {
			return
		}
		c.iface(&item.Interface)
	}
}

func (c *cloner) typeID(id *TypeID) {
	if nid, ok := c.types[*id]; ok {
		*id = nid
		return
	}
	t := c.r.Types[*id]
	t.Kind = cloneKind(t.Kind)
	c.typeDef(&t)
	nid := c.r.AddType(t)
	c.types[*id] = nid
	*id = nid
}

func cloneKind(k TypeDefKind) TypeDefKind {
	k.Fields = append([]Field(nil), k.Fields...)
	k.Types = append([]Type(nil), k.Types...)
	k.Cases = append([]Case(nil), k.Cases...)
	for i := range k.Cases {
		if k.Cases[i].Type != nil {
			k.Cases[i].Type = ptr(*k.Cases[i].Type)
		}
	}
	for _, p := range []**Type{&k.Ok, &k.Err, &k.Opt} {
		if *p != nil {
			*p = ptr(**p)
		}
	}
	if k.Kind == KindRecord && k.Fields == nil {
		k.Fields = []Field{}
	}
	if k.Kind == KindTuple && k.Types == nil {
		k.Types = []Type{}
	}
	return k
}

func (c *cloner) typeDef(t *TypeDef) {
	if t.Owner.Kind != OwnerNone {
		t.Owner = c.newOwner
	}
	k := &t.Kind
	switch k.Kind {
	case KindType:
		if k.Elem.IsRef() {
			if c.r.Types[k.Elem.ID].Owner == c.prevOwner {
				c.typeID(&k.Elem.ID)
			} else if nid, ok := c.types[k.Elem.ID]; ok {
				k.Elem.ID = nid
			}
		}
	case KindHandle:
		c.typeID(&k.Handle)
	case KindOption, KindList, KindFixedLengthList:
		c.ty(&k.Elem)
	case KindMap:
		c.ty(&k.Elem)
		c.ty(&k.Value)
	case KindTuple:
		for i := range k.Types {
			c.ty(&k.Types[i])
		}
	case KindRecord:
		for i := range k.Fields {
			c.ty(&k.Fields[i].Type)
		}
	case KindVariant:
		for i := range k.Cases {
			if k.Cases[i].Type != nil {
				c.ty(k.Cases[i].Type)
			}
		}
	case KindResult:
		if k.Ok != nil {
			c.ty(k.Ok)
		}
		if k.Err != nil {
			c.ty(k.Err)
		}
	case KindFuture, KindStream:
		if k.Opt != nil {
			c.ty(k.Opt)
		}
	}
}

func (c *cloner) ty(t *Type) {
	if t.IsRef() {
		c.typeID(&t.ID)
	}
}

func (c *cloner) function(f *Function) {
	if f.Kind >= Method {
		c.typeID(&f.Resource)
	}
	f.Params = append([]Param(nil), f.Params...)
	for i := range f.Params {
		c.ty(&f.Params[i].Type)
	}
	if f.Result != nil {
		t := *f.Result
		c.ty(&t)
		f.Result = &t
	}
}

func (c *cloner) iface(id *InterfaceID) {
	old := *id
	src := c.r.Interfaces[old]
	next := InterfaceID(len(c.r.Interfaces))
	sub := &cloner{r: c.r, types: c.types, interfaces: c.interfaces, prevOwner: Owner{Kind: OwnerInterface, Interface: old}, newOwner: Owner{Kind: OwnerInterface, Interface: next}}
	var types OrderedMap[string, TypeID]
	for name, t := range src.Types.All() {
		sub.typeID(&t)
		types.Set(name, t)
	}
	var funcs OrderedMap[string, Function]
	for name, f := range src.Functions.All() {
		sub.function(&f)
		funcs.Set(name, f)
	}
	n := src
	n.Types, n.Functions = types, funcs
	switch {
	case c.newPackage != nil:
		n.Package = ptr(*c.newPackage)
	case c.newOwner.Kind == OwnerInterface:
		n.Package = c.r.Interfaces[c.newOwner.Interface].Package
	case c.newOwner.Kind == OwnerWorld:
		n.Package = c.r.Worlds[c.newOwner.World].Package
	}
	n.CloneOf = ptr(old)
	*id = c.r.AddInterface(n)
	c.interfaces[old] = next
}
