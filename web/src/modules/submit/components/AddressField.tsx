import { type KeyboardEvent, useState } from 'react'
import { Field } from '../../../ui/Field'
import { useAddressSuggestions } from '../hooks/useAddressSuggestions'

type AddressFieldProps = {
  value: string
  onChange: (value: string) => void
  error: string | null
}

/** The address input with suggestions from the city's street list (a combobox: arrows, Enter, Escape). */
export function AddressField({ value, onChange, error }: AddressFieldProps) {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const suggestions = useAddressSuggestions(value, open)
  const items = open ? (suggestions.data ?? []).filter((s) => s.addressText !== value.trim()) : []
  const expanded = items.length > 0

  function choose(addressText: string) {
    // A street without a house number is completed by the citizen: keep typing after the comma.
    onChange(/\d/.test(addressText) ? addressText : `${addressText}, `)
    setOpen(false)
    setActive(-1)
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (!expanded) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActive((i) => (i + step + items.length) % items.length)
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault()
      choose(items[active].addressText)
    } else if (e.key === 'Escape') {
      setOpen(false)
    }
  }

  return (
    <Field
      label="Адрес или место"
      htmlFor="addressText"
      error={error}
      hint="Улица и дом, ориентир — или отметьте точку на карте"
      className="address-field"
    >
      <input
        id="addressText"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls="address-suggestions"
        aria-activedescendant={expanded && active >= 0 ? `address-option-${active}` : undefined}
        aria-invalid={Boolean(error)}
        autoComplete="off"
        placeholder="например, ул. Ленина, 5"
        maxLength={500}
        value={value}
        onChange={(e) => {
          onChange(e.target.value)
          setOpen(true)
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {expanded && (
        <div id="address-suggestions" role="listbox" aria-label="Подсказки адреса" className="suggestions">
          {items.map((s, i) => (
            <div
              key={s.addressText}
              id={`address-option-${i}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              className={i === active ? 'suggestion suggestion-active' : 'suggestion'}
              // mousedown, not click: it comes before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault()
                choose(s.addressText)
              }}
            >
              {s.addressText}
              {s.district && <span className="muted small"> · {s.district.name}</span>}
            </div>
          ))}
        </div>
      )}
    </Field>
  )
}
